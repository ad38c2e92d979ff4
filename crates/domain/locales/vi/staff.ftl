### The officers' screens: sign-in, inbox, counter, dossier, account, search.

## inbox.html
open-dossiers-of-the-province = Hồ sơ đang giải quyết toàn tỉnh
the-longest-overdue-first = Hồ sơ quá hạn lâu nhất ở trên cùng.
status-inbox = Trạng thái
assigned-to-me = Giao cho tôi
filter = Lọc
open-dossiers = hồ sơ đang mở
due-soon = sắp đến hạn
applicant = Người nộp
received-inbox = Nhận lúc
due = Hẹn trả
assigned-to = Giao cho
nothing-is-waiting = Không có hồ sơ nào đang chờ.

## counter.html
procedure-diacritics-optional = Thủ tục (gõ không dấu cũng được)
no-procedure-of-this-center = Không tìm thấy thủ tục nào trong danh mục của trung tâm.

## counter_form.html
fee = Lệ phí
find-the-applicant-by-cccd = Tìm người nộp theo CCCD hoặc số điện thoại
find = Tìm
found-from-an-earlier-dossier = Đã tìm thấy người nộp từ hồ sơ trước; kiểm tra lại thông tin.
applicant-counter-form = Người nộp hồ sơ
full-name = Họ và tên
cccd-number = Số CCCD
phone = Số điện thoại
why-the-applicants-record-changes = Lý do cập nhật hồ sơ người nộp (nếu thông tin đã đổi)
components = Thành phần hồ sơ
given = Có
document-counter-form = Giấy tờ
required-form = Yêu cầu
copy-original-shown = Bản sao, đã xem bản chính
pages-of-the-original = Số trang bản chính
copies = Số bản
result = Nhận kết quả
at-the-counter = Tại quầy
by-post = Qua bưu điện
online-counter-form = Trực tuyến
receive-and-print-the-receipt = Tiếp nhận và in giấy hẹn
reason-for-refusal = Lý do từ chối
refuse-form-03 = Từ chối (Mẫu 03)

## dossier.html
dossier-received = Đã tiếp nhận hồ sơ
the-receipt-form-01-is = Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01) đã sẵn sàng để in.
print-the-receipt-form-01 = In giấy hẹn (Mẫu 01)
receive-the-next-dossier = Tiếp nhận hồ sơ tiếp theo
receipt = Giấy tiếp nhận và hẹn trả kết quả
the-dossier-ends-and-cannot = hồ sơ sẽ kết thúc và không thể tiếp tục giải quyết. Lý do:
are-you-sure = Bạn chắc chắn?
confirm = Xác nhận
no-go-back = Không, quay lại
handled-by = Cơ quan đang xử lý
assigned-to-dossier = Cán bộ được giao
not-assigned = Chưa giao
supplements-extensions = Bổ sung / gia hạn
draft-result-awaiting-approval = Dự thảo kết quả chờ phê duyệt
print-forms = In biểu mẫu
actions = Thao tác
to-agency = Chuyển đến cơ quan
to-specialist = Giao cho chuyên viên
let-the-agency-assign = — Cơ quan tự phân công —
documents-needed-one-per-line = Giấy tờ cần bổ sung (mỗi dòng một giấy tờ)
result-dossier = Nội dung kết quả
new-appointment = Ngày hẹn mới
reason = Lý do
received-by = Người nhận kết quả
history = Quá trình giải quyết
when = Thời gian
who = Người thực hiện
action = Thao tác

## account.html
new-token-shown-this-once = Mã truy cập mới (chỉ hiện một lần, hãy lưu lại ngay):
change-the-password = Đổi mật khẩu
afterwards-every-session-ends-and = Sau khi đổi, mọi phiên đăng nhập kết thúc và mọi mã truy cập bị thu hồi.
current-password = Mật khẩu hiện tại
new-password-at-least-10 = Mật khẩu mới (ít nhất 10 ký tự)
api-tokens-for-other-software = Mã truy cập cho phần mềm khác
label = Tên
scope = Quyền
created = Tạo lúc
expires = Hết hạn
state = Tình trạng
revoke = Thu hồi
label-what-it-is-for = Tên mã (dùng cho việc gì)
read-only = Chỉ đọc
read-and-write = Đọc và ghi
days-valid-1-365 = Số ngày hiệu lực (1–365)
create-a-token = Tạo mã truy cập

## login.html
sign-in = Đăng nhập
username = Tên đăng nhập
password = Mật khẩu

## resume.html
send-the-form-again = Gửi lại biểu mẫu
signed-in-again = Đã đăng nhập lại
the-form-you-filled-before = Biểu mẫu bạn đã nhập trước khi phiên hết hạn chưa được gửi. Bấm «Gửi lại» để gửi đúng như bạn đã nhập; nếu có lỗi, biểu mẫu sẽ hiện lại để sửa.
send-again = Gửi lại
discard = Bỏ qua

## search.html
find-dossiers = Tìm hồ sơ
code-cccd-phone-procedure-code = Mã hồ sơ, CCCD, số điện thoại, mã thủ tục hoặc tên (không dấu cũng được)
no-dossier-found = Không tìm thấy hồ sơ nào.
previous = Trang trước
page = Trang
next = Trang sau

## account.rs
revoked = Đã thu hồi
active = Đang dùng
expired = Hết hạn

## counter.rs
a-reason-for-refusal-was = Đã nhập lý do từ chối. Bấm «Từ chối» để từ chối hồ sơ, hoặc xóa lý do để tiếp nhận.
declaration-has-problems = Tờ khai còn chỗ chưa đúng: xem các ô được đánh dấu.
declaration-at-the-counter = Tờ khai điện tử (không bắt buộc khi người dân nộp tờ khai giấy): điền cùng người dân, in để ký, rồi bấm Tiếp nhận.
declaration-print = In tờ khai
declaration-of-the-dossier = Tờ khai
counter-not-a-number = { $label }: «{ $typed }» không phải là số.

## list.rs
late-list = Quá hạn
due-soon-list = Sắp đến hạn
waiting = Chờ bổ sung
on-time-list = Trong hạn

## login.rs
your-session-expired-sign-in = Phiên làm việc đã hết hạn. Đăng nhập lại: những gì bạn đã nhập vẫn được giữ, chưa có gì được ghi.
wrong-username-or-password = Sai tên đăng nhập hoặc mật khẩu.
login-too-many-attempts = Sai mật khẩu nhiều lần. Vui lòng thử lại sau { NUMBER($secs, useGrouping: "false") } giây.

## action.rs
the-new-appointment-is-not = Ngày hẹn mới không hợp lệ.

## mod.rs
citizen = Công dân
change-the-draft = Sửa dự thảo kết quả
form-01-receipt-and-appointment = Mẫu 01 — Giấy tiếp nhận và hẹn trả kết quả
form-02-request-for-a = Mẫu 02 — Phiếu yêu cầu bổ sung
form-03-refusal-to-receive = Mẫu 03 — Phiếu từ chối tiếp nhận
form-04-apology-and-new = Mẫu 04 — Văn bản xin lỗi, gia hạn
form-05-notice-of-stopping = Mẫu 05 — Thông báo dừng giải quyết
form-06-processing-control-record = Mẫu 06 — Phiếu kiểm soát quá trình

## The buttons of a dossier's actions (staff/dossier/offers.rs)
offer-accept = Tiếp nhận
offer-digitize = Đã số hóa
offer-hand-over = Chuyển xử lý
offer-request-supplement = Yêu cầu bổ sung (Mẫu 02)
offer-receive-supplement = Đã nhận bổ sung
offer-draft-result = Dự thảo kết quả
offer-reject-draft = Trả lại dự thảo
offer-approve = Phê duyệt
offer-extend = Xin lỗi, gia hạn (Mẫu 04)
offer-issue-e-result = Đã cấp kết quả điện tử
offer-return = Trả kết quả
offer-withdraw = Công dân rút hồ sơ
offer-stop = Dừng giải quyết (Mẫu 05)
