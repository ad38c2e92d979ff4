## Tables to download (Excel, CSV): their titles, the lines under them.

export-register-title = Sổ theo dõi hồ sơ { $center }
export-period = Từ ngày { $from } đến ngày { $to }
export-made-at = Lập lúc { $at }
