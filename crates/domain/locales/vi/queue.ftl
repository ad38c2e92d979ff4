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
