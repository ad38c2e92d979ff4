### Chứng thực bản sao từ bản chính: sổ chứng thực, bản sao điện tử, trang xác minh.

certify-page-syntax = «{ $text }» không phải danh sách trang (ví dụ 1-3,5)
certify-page-out-of-range = trang { NUMBER($page, useGrouping: "false") } vượt quá { NUMBER($total, useGrouping: "false") } trang của bản quét
certify-page-twice = trang { NUMBER($page, useGrouping: "false") } được ghi hai lần
certify-copies = số bản sao phải từ 1 đến { $max }
