### What a person is told when something they gave cannot be used: the
### problem, and the field's name in words.

## Where in a catalog file a problem is (domain/src/catalog/error.rs)
at-line = dòng { NUMBER($n, useGrouping: "false") }
at-column = cột { NUMBER($n, useGrouping: "false") }
at-column-named = cột { NUMBER($n, useGrouping: "false") } ({ $header })
# Two parts of a list, the second maybe a list itself.
list-pair = { $first }, { $rest }
at-problem = { $at }: { $problem }


## A field's name in words (web/src/input.rs: label)
field-applicant-name = Họ tên người nộp
field-applicant-address = Địa chỉ người nộp
field-id-number = Số CCCD
field-phone = Số điện thoại
field-email = Thư điện tử
field-applicant = Người nộp
field-components = Thành phần hồ sơ
field-count = Số bản
field-original-shown = Đã xuất trình bản chính
field-pages = Số trang
field-copies = Số bản sao
field-reasons = Lý do từ chối
field-reason = Lý do
field-summary = Nội dung dự thảo kết quả
field-items = Giấy tờ cần bổ sung
field-received-by = Người nhận kết quả
field-by-post = Trả qua bưu chính
field-to-agency = Cơ quan nhận hồ sơ
field-to-account = Cán bộ nhận hồ sơ
field-amount = Số tiền
field-note = Ghi chú
field-appointment = Ngày hẹn trả
field-label = Tên mã truy cập
field-scope = Quyền của mã truy cập
field-expires-in-days = Thời hạn mã truy cập
field-username = Tên đăng nhập
field-password = Mật khẩu
field-new-password = Mật khẩu mới
field-code = Mã hồ sơ
field-pin = Mã tra cứu
field-center-id = Trung tâm
field-procedure-code = Thủ tục
field-channel = Kênh nộp
field-result-channel = Hình thức nhận kết quả
field-decision = Quyết định tiếp nhận
field-kind = Loại quyết định
field-action = Thao tác
field-expected-seq = Phiên bản hồ sơ đã xem
field-applicant-update-reason = Lý do cập nhật thông tin người nộp
field-key = CCCD hoặc số điện thoại
field-idempotency-key = Khóa chống gửi trùng
field-request = Dữ liệu gửi lên

## Typed text refused (domain/src/text.rs)
text-too-long = dài quá { $max } ký tự (có { $got })
text-control = có ký tự điều khiển không được phép
text-invisible = có ký tự ẩn làm văn bản hiển thị sai lệch (như ký tự đổi chiều viết)
text-stacked-marks = có quá nhiều dấu chồng lên một chữ
text-empty = không được để trống

## A field's error (web/src/input.rs)
error-field = { $field }: { $problem }
error-required = cần nhập
error-is-required = cần nhập
error-required-sentence = { $field }: cần nhập.
error-between = phải từ { $min } đến { $max }
error-at-most-items = nhiều nhất { NUMBER($max, useGrouping: "false") } mục (có { NUMBER($got, useGrouping: "false") })
error-not-email = "{ $value }" không phải địa chỉ thư điện tử

## The checks of the cases and the API
error-give-a-cccd-or-phone = nhập số CCCD hoặc số điện thoại
error-must-be-read-or-write = phải là read hoặc write
error-must-not-be-the-username = không được trùng tên đăng nhập
error-the-current-password-is-wrong = mật khẩu hiện tại không đúng
error-no-agency-to-agency = không có cơ quan { $to_agency }
error-no-specialist-or-leader-account = không có chuyên viên hay lãnh đạo số { $account } đang công tác tại { $to_agency }
error-name-at-least-one-document = cần nêu ít nhất một giấy tờ
error-must-be-after-now-and = phải sau bây giờ và trong vòng một năm
error-mandatory-documents-missing-list = thiếu giấy tờ bắt buộc: { $list }
error-no-such-center = không có trung tâm này
error-no-procedure-code = không có thủ tục { $code }
error-this-center-does-not-receive = trung tâm không tiếp nhận thủ tục { $code }
error-is-not-a-dossier-code = không phải mã hồ sơ
error-give-the-6-digit-pin = nhập mã tra cứu 6 số trên giấy hẹn (hoặc 4 số cuối điện thoại)
error-has-6-digits = gồm 6 chữ số
error-give-at-least-the-last = nhập ít nhất 4 số cuối
error-code-is-not-offered-online = thủ tục { $code } không nhận hồ sơ trực tuyến
error-must-be-a-number-of = phải là số ngày
error-must-be-an-integer = phải là số nguyên
error-a-value-of-the-wrong = giá trị không đúng kiểu
error-the-field-named-is-not = trường "{ $named }" không được chấp nhận
error-password-length = cần từ { NUMBER($min, useGrouping: "false") } đến { NUMBER($max, useGrouping: "false") } ký tự
error-amount-between = phải từ 1 đến { $max } đồng
error-channel-not-offered = thủ tục không nhận qua kênh { $channel }
error-cccd-known-under-another-name = số này đã được ghi cho người nộp tên «{ $name }». Kiểm tra lại số CCCD và họ tên; nếu người nộp đã đổi tên, ghi lý do cập nhật hồ sơ người nộp
error-idempotency-key-length = từ 1 đến { NUMBER($max, useGrouping: "false") } ký tự in được
error-not-an-accepted-value = giá trị "{ $named }" không hợp lệ
error-must-be-text = phải là chuỗi văn bản
error-must-be-true-or-false = phải là true hoặc false
error-must-be-a-list = phải là danh sách (mảng JSON)
error-must-be-an-object = phải là đối tượng JSON
error-number-out-of-range = số nằm ngoài khoảng cho phép
error-invalid-value = giá trị không hợp lệ
error-not-one-of = { $value } không phải một trong các giá trị: { $accepted }

## Errors that name no field in words
error-no-form = Không có mẫu { $form }: dùng 01–06
error-period-ends-before-it-starts = Ngày kết thúc trước ngày bắt đầu
error-date-out-of-range = Ngày phải trong khoảng 1900–2999

## What a request is told when it is not done (web/src/error.rs, auth.rs and
## the handlers); the API answers both languages, a page the reader's.
error-not-found = Không tìm thấy
error-internal = Lỗi hệ thống, vui lòng thử lại
error-body-must-be-json = Nội dung phải là JSON (Content-Type: application/json)
error-body-too-large = Nội dung gửi lên quá lớn
error-too-many-attempts = Thử quá nhiều lần, vui lòng thử lại sau { NUMBER($secs, useGrouping: "false") } giây
error-changed-meanwhile = Hồ sơ vừa được người khác thay đổi; hãy tải lại trang và thử lại
error-body-unreadable = Không đọc được nội dung gửi lên
error-body-not-json = Nội dung không phải JSON hợp lệ: { $detail }
# A query or path parameter, named as the client wrote it.
error-param = { $param }: { $problem }
denied-sign-in-first = Cần đăng nhập
denied-token-read-only = Mã truy cập chỉ có quyền đọc
denied-token-expired = Mã truy cập đã hết hạn hoặc bị thu hồi
denied-session-expired = Phiên đăng nhập đã hết hạn
denied-declaration-handlers-only = Chỉ người xử lý hồ sơ được xem tờ khai (có dữ liệu cá nhân)
denied-csrf = Thiếu hoặc sai mã CSRF
denied-wrong-credentials = Sai tên đăng nhập hoặc mật khẩu
denied-receive-reception-only = Chỉ cán bộ tiếp nhận của trung tâm này được nhận hồ sơ
denied-lookup-no-match = Không tìm thấy hồ sơ với mã và mã tra cứu này
denied-applicants-counter-only = Chỉ cán bộ tiếp nhận được tra cứu người nộp
denied-tokens-from-session = Chỉ quản lý mã truy cập khi đăng nhập
denied-counter-reception-only = Chỉ cán bộ tiếp nhận được dùng quầy
denied-cross-site-sign-in = Yêu cầu đăng nhập không đến từ trang này

## The API's edge (web/src/edge.rs): what goes wrong around a handler. The
## library's own detail (in English) follows some of them after a colon.
error-request-too-large = Nội dung yêu cầu quá lớn (tối đa { NUMBER($kib, useGrouping: "false") } KiB)
error-body-too-slow = Gửi nội dung yêu cầu quá chậm
error-request-body-unreadable = Không đọc được nội dung yêu cầu
error-malformed-json = JSON không hợp lệ
error-method-not-allowed = Địa chỉ này không nhận phương thức đó
error-request-too-slow = Gửi yêu cầu quá chậm
error-too-many-requests = Quá nhiều yêu cầu, vui lòng thử lại sau
error-request-refused = Yêu cầu không được chấp nhận
error-invalid-query-parameter = Tham số truy vấn không hợp lệ
error-invalid-path-parameter = Tham số đường dẫn không hợp lệ
error-bad-request = Yêu cầu không hợp lệ
error-invalid-value-detail = Giá trị không hợp lệ

## What the lifecycle refuses.
lifecycle-not-from-status = không thể thực hiện { $action } khi hồ sơ ở trạng thái { $status }
lifecycle-role = vai trò { $role } không được thực hiện { $action }
lifecycle-missing = cần nhập { $field }
lifecycle-not-drafted = cần dự thảo kết quả trước khi phê duyệt
lifecycle-too-many-extensions = hồ sơ đã được gia hạn { NUMBER($n, useGrouping: "false") } lần, không được gia hạn thêm
lifecycle-earlier-appointment = ngày hẹn mới phải sau ngày hẹn hiện tại

## Codes from outside (domain/src/codes.rs, dossier/mod.rs). $value is what
## was given, already in quotes.
bad-code-agency = mã định danh cơ quan { $value } không hợp lệ: cần dạng 000.00.06.H56
bad-code-procedure = mã thủ tục { $value } không hợp lệ: 1–32 ký tự chữ, số, '.', '-' hoặc '_'
bad-code-field = mã lĩnh vực { $value } không hợp lệ: 1–32 ký tự chữ, số, '.', '-' hoặc '_'
bad-code-dossier = mã hồ sơ { $value } không hợp lệ: cần dạng 000.00.06.H56-231027-0361

## Personal identifiers (domain/src/person.rs). $value is what was typed,
## shortened and in quotes; $code is in quotes.
person-cccd-digits = số CCCD { $value } không hợp lệ: cần đúng 12 chữ số
person-cccd-province = số CCCD không hợp lệ: ba chữ số đầu { $code } không phải mã tỉnh, thành phố nơi đăng ký khai sinh
person-phone-digits = số điện thoại { $value } không hợp lệ: số di động có 10 chữ số, số cố định 11 chữ số bắt đầu bằng 02; có thể viết +84 thay cho số 0 đầu
person-phone-prefix = số điện thoại không hợp lệ: không có số di động hay mã vùng nào ở Việt Nam bắt đầu bằng { $prefix }

## A filled declaration form (web/cases/declaration.rs); $problems lists form-problem-at.
error-no-such-component = tệp gửi kèm cho một thành phần hồ sơ mà thủ tục không có
error-declaration = Tờ khai “{ $form }” chưa đúng: { $problems }
error-declaration-required = Cần điền tờ khai “{ $form }”.
error-no-declaration-form = Thủ tục này không có tờ khai điện tử.

## A catalog file's problems (domain/src/catalog/error.rs). $value, the missing $column
## and $other, $name are in quotes; $detail is the file reader's own words.
catalog-syntax = tệp không đúng định dạng: { $detail }
catalog-missing-column = thiếu cột { $column } trong dòng tiêu đề
catalog-wrong-column-count = có { NUMBER($found, useGrouping: "false") } cột, cần { NUMBER($expected, useGrouping: "false") } cột
catalog-empty = { $column } không được để trống
catalog-time-limit = thời hạn { $value } không hợp lệ: viết như 3wd (ngày làm việc), 8wh (giờ làm việc), 15d (ngày), same-day hoặc immediate
catalog-fee = lệ phí { $value } không hợp lệ: viết free, một số tiền như 50000, hoặc page:2000,3:1000,max:200000
catalog-components = thành phần hồ sơ { $value } không hợp lệ: viết Tên giấy tờ [bản chính x1, không bắt buộc]; …
catalog-bad-components = thành phần hồ sơ { $value } phải có tên và số lượng ít nhất 1
catalog-channels = kênh { $value } không hợp lệ: dùng in-person, online, post
catalog-level = cấp { $value } không hợp lệ: dùng central, province hoặc commune
catalog-online-level = mức dịch vụ trực tuyến { $value } không hợp lệ: dùng none, partial hoặc full
catalog-unknown-field = lĩnh vực { $value } không có trong danh mục
catalog-field-name-conflict = lĩnh vực { $code } có hai tên khác nhau: { $other } và { $name }
catalog-duplicate-procedure = mã thủ tục { $code } bị trùng
catalog-unknown-form = biểu mẫu { $value } không có trong tệp biểu mẫu hay trong các biểu mẫu có sẵn
catalog-duplicate-form = mã biểu mẫu { $code } bị trùng
catalog-form = biểu mẫu { $form }, { $at }: { $problem }
catalog-forms-not-written = danh mục có biểu mẫu không có sẵn trong motcua ({ $forms }): thêm --forms TỆP.json để ghi chúng ra

## A declaration form's problems (domain/src/catalog/eform.rs). In a definition:
form-bad-key = mã trường chỉ gồm chữ thường không dấu, chữ số và dấu _, tối đa 40 ký tự
form-duplicate-key = mã trường bị trùng
form-empty-label = không được để trống
form-no-options = cần ít nhất một lựa chọn, không lựa chọn nào để trống
form-bad-range = giới hạn không hợp lệ (nhỏ nhất lớn hơn lớn nhất, hoặc quá lớn)
form-nested-group = nhóm không được nằm trong nhóm khác
form-no-fields = cần ít nhất một trường
## In a filled form ($max, $min, $n are numbers):
form-required = cần điền
form-too-long = dài quá { $max } ký tự
form-not-a-date = không phải ngày: viết ngày/tháng/năm, ví dụ 20/11/2026
form-not-a-cccd = không phải số định danh cá nhân (12 chữ số)
form-not-a-phone = không phải số điện thoại (10 chữ số, ví dụ 0912345678)
form-not-an-option = hãy chọn một trong các lựa chọn
form-not-a-number = không phải số
form-out-of-range = phải từ { $min } đến { $max }
form-too-few-rows = cần ít nhất { $n } dòng
form-too-many-rows = tối đa { $n } dòng
form-unknown-field = tờ khai không có trường này
form-wrong-shape = sai dạng dữ liệu
## $at is the field's label ("Người làm chứng 1 – Họ tên"), $problem one of the above.
form-problem-at = { $at }: { $problem }

error-seal-number = Số niêm phong gồm 4 đến 20 chữ cái, chữ số hoặc dấu gạch ngang.
