### Texts every room shares: the page frame, the user bar, error pages, and
### words used on both the public and the staff side.

## base.html
one-stop-shop = Một cửa
home = Trang chủ
procedures = Thủ tục hành chính
centers = Trung tâm
track-a-dossier = Tra cứu hồ sơ
staff = Cán bộ
administrative-procedure-information-system = Hệ thống thông tin giải quyết thủ tục hành chính

## userbar.html
signed-in-as = Đang làm việc:
find-a-dossier = Tìm hồ sơ…
find-a-dossier-userbar = Tìm hồ sơ
counter = Quầy tiếp nhận
dossier-inbox = Hộp thư hồ sơ
account = Tài khoản
sign-out = Đăng xuất

## error.html
back-to-the-dossier-inbox = Về hộp thư hồ sơ
back-to-the-home-page = Về trang chủ

## not_found.html
page-not-found = Không tìm thấy trang

## home.html
search = Tìm

## center.html
address = Địa chỉ
late = quá hạn

## procedures.html
field = Lĩnh vực
all = Tất cả
time-limit = Thời hạn

## procedure.html
count = Số lượng

## lookup.html
code-lookup = Mã hồ sơ
procedure-lookup = Thủ tục
appointment = Hẹn trả kết quả

## page_errors.rs
not-found = Không tìm thấy
not-allowed = Không được phép
sign-in-first = Cần đăng nhập
the-dossier-changed = Hồ sơ vừa thay đổi
try-again-later = Thử lại sau
too-large = Nội dung quá lớn
internal-error = Lỗi hệ thống
not-done = Chưa thực hiện được

## text.rs
# $amount is written with its unit, e.g. 2.000 đ.
fee-per-page = { $amount }/trang
fee-from-page = , từ trang thứ { NUMBER($page, useGrouping: "false") }: { $amount }/trang
fee-cap-per-copy = , tối đa { $amount }/bản
free = Không thu phí

## A procedure's time limit and a center's days (domain/src/i18n/calendar.rs)
limit-working-days = { $n } ngày làm việc
limit-working-hours = { $n } giờ làm việc
limit-calendar-days = { $n } ngày
limit-same-day = Trong ngày (nhận sau 15 giờ trả ngày làm việc tiếp theo)
limit-immediate = Giải quyết ngay
# The days as office hours write them; Vietnamese ones are also what the
# hours' text form reads.
weekday-short-mon = T2
weekday-short-tue = T3
weekday-short-wed = T4
weekday-short-thu = T5
weekday-short-fri = T6
weekday-short-sat = T7
weekday-short-sun = CN

## For the catalog's own tests.
test-number = { $n }
test-plain-number = { NUMBER($n, useGrouping: "false") }
