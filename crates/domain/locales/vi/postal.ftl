### Trả kết quả qua dịch vụ bưu chính công ích: đơn gửi, hành trình, bưu tá.

postal-impossible-update = trạng thái này không thể đến sau trạng thái hiện tại của bưu gửi
postal-bad-signature = chữ ký của yêu cầu không đúng hoặc đã quá hạn
postal-bad-update = nội dung cập nhật hành trình không hợp lệ
field-ward = Phường/xã
field-address = Địa chỉ
field-cod = Tiền thu hộ (COD)
field-receiver = Người nhận
field-state = Trạng thái

postal-title = Trả kết quả qua bưu điện
postal-tracking = mã bưu gửi
postal-no-tracking-yet = (chờ bưu điện cấp)
postal-proof = Biên nhận
postal-not-applied = không áp dụng
postal-postage = Cước phí
postal-ship = Gửi kết quả qua bưu điện
postal-screen-title = Bưu gửi kết quả
postal-carrier-off = Chưa cấu hình đơn vị bưu chính: đơn gửi được ghi lại và sẽ gửi khi có cấu hình.
postal-attention = Cần xử lý (chưa gửi được, phát không thành công, chuyển hoàn)
postal-moving = Đang trên đường
postal-delivered = Đã phát (50 gần nhất)
postal-none = Không có bưu gửi nào.
postal-failed-attempts = lần phát không thành công
postal-carrier = Bưu chính (đơn vị vận chuyển)
