### Certification of copies from originals: the register, electronic certified copies, the verification page.

certify-page-syntax = “{ $text }” is not a list of pages (for example 1-3,5)
certify-page-out-of-range = page { NUMBER($page, useGrouping: "false") } is beyond the scan’s { NUMBER($total, useGrouping: "false") } pages
certify-page-twice = page { NUMBER($page, useGrouping: "false") } is listed twice
certify-copies = the number of copies must be between 1 and { $max }
