# Nhận hồ sơ qua bưu chính và vận chuyển hồ sơ giữa Trung tâm và cơ quan giải quyết.

field-seal = Số niêm phong
field-documents = Danh mục giấy tờ
field-originals = Số bản chính
field-dossiers = Hồ sơ trong bảng kê
field-carrier-id = Nhân viên bưu điện vận chuyển
field-from-place = Nơi nhận hồ sơ
field-received-by-name = Người nhận tại cơ quan
field-tallies = Kết quả kiểm đếm
field-tally = Kết quả kiểm đếm
field-leg = Tuyến vận chuyển

denied-postal-intake = Chỉ nhân viên bưu điện được phân công tại Trung tâm này mới nhận hồ sơ qua bưu chính.
denied-manifest = Chỉ cán bộ làm việc tại Trung tâm này mới lập hoặc nhận bảng kê của Trung tâm.
denied-receive-own-manifest = Người vận chuyển không tự ký nhận bảng kê của mình: người nhận tại Trung tâm ký biên bản bàn giao.
error-carrier-not-postal = Người vận chuyển phải là nhân viên bưu điện được phân công tại Trung tâm.
error-carrier-is-the-sender = Hồ sơ nhận qua bưu chính do chính nhân viên đã nhận niêm phong và vận chuyển.
error-no-such-dossier = Không có hồ sơ này tại Trung tâm.
error-dossier-twice = Hồ sơ này đã có trong bảng kê.
error-manifest-one-agency = Mỗi bảng kê chỉ đi một cơ quan: hồ sơ này đang ở cơ quan khác.
error-manifest-agency-is-the-center = Hồ sơ đang do chính Trung tâm giải quyết: không cần vận chuyển.
error-dossier-cannot-travel = Hồ sơ { $code } không đi được tuyến «{ $leg }» lúc này (đã được vận chuyển, đang trên đường, hoặc chưa đến bước này).
error-manifest-received = Bảng kê này đã được ký nhận.
error-manifest-untallied = Chưa kiểm đếm hồ sơ { $code }.
error-not-in-manifest = Hồ sơ { $code } không có trong bảng kê.
transport-post-office-point = Điểm phục vụ bưu chính
