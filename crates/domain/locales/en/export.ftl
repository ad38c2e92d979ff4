## Tables to download (Excel, CSV): their titles, the lines under them.

export-register-title = Dossier register of { $center }
export-period = From { $from } to { $to }
export-made-at = Made at { $at }
