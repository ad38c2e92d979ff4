## The pages of the hall: the ticket kiosk, the board, the rating pages.

hall-busy-title = Xin vui lòng chờ giây lát
hall-too-many = Thiết bị này đang gửi nhiều yêu cầu cùng lúc. Xin vui lòng thử lại sau { NUMBER($secs, useGrouping: "false") } giây.

## The ticket kiosk and its printed ticket.
hall-kiosk-title = Lấy số thứ tự
hall-kiosk-lane = Anh/chị thuộc diện
hall-lane-priority-hint = Người cao tuổi, người khuyết tật, phụ nữ mang thai
hall-lane-appointment-hint = Đã đặt lịch hẹn trước
hall-kiosk-group = Chạm vào dịch vụ cần làm để lấy số
hall-kiosk-no-groups = Máy lấy số chưa sẵn sàng: Trung tâm chưa thiết lập nhóm dịch vụ. Xin mời anh/chị liên hệ quầy hướng dẫn.
hall-kiosk-too-many = Máy vừa cấp nhiều số liên tiếp. Xin vui lòng thử lại sau { NUMBER($secs, useGrouping: "false") } giây.
hall-ticket-your-number = Số thứ tự của anh/chị
hall-ticket-taken-at = Lấy số lúc
hall-ticket-ahead = Số người chờ trước anh/chị
hall-ticket-wait = Thời gian chờ dự kiến
# Whole minutes; none when nobody is ahead.
hall-ticket-wait-minutes = { $minutes ->
    [0] sắp đến lượt anh/chị
   *[other] khoảng { $minutes } phút
}
hall-ticket-called = Mời anh/chị đến quầy { $counter }
hall-ticket-thanks = Xin cảm ơn! Mời anh/chị ngồi chờ và theo dõi số trên màn hình.
hall-ticket-print = In số
hall-ticket-another = Lấy số khác

## The board on the hall's TV.
hall-board-title = Bảng gọi số
hall-board-now-calling = Mời số
hall-board-counter = Quầy { $counter }
# Shown under the latest call, and read out exactly so.
hall-board-say = Mời số { $number } đến quầy { $counter }
hall-board-none = Chưa gọi số nào
hall-board-recent = Đang phục vụ
hall-board-waiting = Đang chờ
hall-board-group = Nhóm dịch vụ
hall-board-waiting-count = Số người chờ
hall-board-next = Số tiếp theo
hall-board-voice-on = Bật đọc số
hall-board-voice-off = Tắt đọc số
# The language the browser's voice reads the calls in.
hall-board-voice-lang = vi-VN

## The rating, by the receipt's link and on the counter's tablet.
hall-rate-title = Đánh giá mức độ hài lòng
hall-rate-question = Anh/chị có hài lòng với việc giải quyết thủ tục?
hall-rate-code = Mã hồ sơ
hall-rate-procedure = Thủ tục
hall-rate-stage = Đánh giá
hall-rate-survey = Trả lời thêm 4 câu hỏi (không bắt buộc)
hall-rate-comment = Góp ý khác (không bắt buộc)
hall-rate-send = Gửi đánh giá
hall-rate-thanks-title = Cảm ơn anh/chị!
hall-rate-thanks = Đánh giá của anh/chị đã được ghi nhận. Ý kiến của anh/chị giúp chúng tôi phục vụ tốt hơn.
hall-rate-already-title = Hồ sơ đã được đánh giá
hall-rate-not-yet-title = Chưa thể đánh giá
hall-tablet-title = Đánh giá tại quầy
hall-tablet-question = Anh/chị có hài lòng với việc phục vụ tại quầy?
hall-tablet-idle = Cảm ơn anh/chị đã đến làm thủ tục
hall-tablet-thanks = Cảm ơn anh/chị!
