## The queue, the kiosk, the board and the satisfaction ratings.

survey-q3 = Anh/chị phải liên hệ với nơi tiếp nhận bao nhiêu lần để hoàn thiện hồ sơ?
survey-q3-a2 = Không lần nào
survey-q3-a1 = Một lần
survey-q3-a0 = Nhiều hơn một lần
survey-q4 = Anh/chị phải liên hệ với bao nhiêu cơ quan?
survey-q4-a2 = Không phải liên hệ thêm
survey-q4-a1 = Chỉ Bộ phận Một cửa
survey-q4-a0 = Nhiều hơn một cơ quan
survey-q7 = Thái độ của cán bộ phục vụ
survey-q7-a2 = Tận tình, giải quyết sớm
survey-q7-a1 = Đúng mực, đúng hẹn
survey-q7-a0 = Có điều phàn nàn
survey-q10 = Thủ tục có dễ thực hiện không?
survey-q10-a2 = Rất dễ
survey-q10-a1 = Dễ
survey-q10-a0 = Khó

denied-queue-counter-staff = Chỉ cán bộ tiếp nhận hoặc nhân viên bưu điện làm việc tại Trung tâm này mới mở quầy và gọi số.
denied-queue-manager = Chỉ lãnh đạo Trung tâm hoặc quản trị viên mới thiết lập nhóm dịch vụ và thiết bị của sảnh.
denied-queue-not-your-counter = Quầy này do cán bộ khác phụ trách.
error-queue-lane = chỉ nhận: thường, ưu tiên, đặt lịch hẹn
error-queue-group = không có nhóm dịch vụ này tại Trung tâm
error-queue-no-groups = Trung tâm chưa có nhóm dịch vụ nào: lãnh đạo Trung tâm thiết lập trước
error-queue-day-full = Nhóm dịch vụ này đã cấp đủ số thứ tự trong ngày. Xin mời liên hệ quầy hướng dẫn.
error-queue-counter-taken = Quầy số { $number } đang có cán bộ khác phụ trách.
error-queue-counter-closed = Quầy chưa mở: mở quầy trước khi gọi số.
error-queue-not-called = Số thứ tự này không còn được gọi tại quầy (đã xong, vắng mặt hoặc đã chuyển).
error-queue-no-such-counter = không có quầy số này tại Trung tâm
error-queue-ticket-not-yours = số thứ tự này không được gọi tại quầy của anh/chị hôm nay
error-queue-letter = là một chữ cái từ A đến Z
error-queue-field = { $value } không phải mã lĩnh vực
error-queue-kiosk-kind = chỉ nhận: tickets (máy lấy số) hoặc rating (máy đánh giá tại quầy)

field-lane = Diện
field-service-group = Nhóm dịch vụ
field-counter-number = Số quầy
field-counter = Quầy
field-ticket = Số thứ tự
field-group-letter = Chữ cái của nhóm
field-fields = Lĩnh vực
field-position = Thứ tự hiển thị
field-rating = Mức độ hài lòng
field-survey = Phiếu khảo sát
field-comment = Ý kiến
field-target-minutes = Thời gian chờ mục tiêu (phút)
field-name = Tên

error-date-format = phải là một ngày dạng NNNN-TT-NN
error-queue-period = khoảng thời gian phải từ ngày đầu đến ngày cuối, không quá một năm
error-rating-not-yet = Hồ sơ này chưa được tiếp nhận nên chưa thể đánh giá.
error-rating-choice = chỉ nhận: rất hài lòng, hài lòng, không hài lòng
error-rating-survey = câu hỏi hoặc câu trả lời không có trong phiếu
error-rating-done = Anh/chị đã đánh giá hồ sơ này ở bước này rồi. Cảm ơn anh/chị.
error-queue-target = phải từ 1 đến 120 phút
error-rating-not-offered = máy đánh giá tại quầy này không có hồ sơ này để đánh giá
