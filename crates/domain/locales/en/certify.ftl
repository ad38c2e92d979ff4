### Certification of copies from originals: the register, electronic certified copies, the verification page.

certify-page-syntax = “{ $text }” is not a list of pages (for example 1-3,5)
certify-page-out-of-range = page { NUMBER($page, useGrouping: "false") } is beyond the scan’s { NUMBER($total, useGrouping: "false") } pages
certify-page-twice = page { NUMBER($page, useGrouping: "false") } is listed twice
certify-copies = the number of copies must be between 1 and { $max }
certify-not-a-copy-procedure = this dossier’s procedure is not the certification of copies from originals
certify-no-such-scan = choose a scan of the original on this dossier
certify-no-renderer = poppler-utils is not installed on the server, so the pages of a PDF cannot be read; scan the original as an image, or issue a paper copy
certify-busy = the register is being written to without pause; try again

field-scan = Scan of the original
field-electronic = Electronic copy
certify-register-too-long = the period holds more than { $max } certifications; print it in shorter parts

certify-title = Certification of copies from originals
certify-none = No copy has been certified on this dossier yet.
certify-number = Certification number
certify-document = Original
certify-copies-pages = Copies / pages
certify-fee = Fee
certify-by = Certified by
certify-copy = Electronic copy
certify-verify = Verification page
certify-paper = Paper copy
certify-pages-label = Pages to certify
certify-pages-all = all, or for example 1-2,4
certify-electronic-label = Issue an electronic certified copy (PDF with a QR code to check it)
certify-submit = Certify
certify-register-month = This month's register of certified copies (PDF)

verify-title = Check an electronic certified copy
verify-lead = Choose the PDF of the electronic copy you received: its SHA-256 hash is compared with the register. A file changed by a single character does not match.
verify-genuine = Genuine: this file is the electronic certified copy recorded in the register.
verify-mismatch = Does not match: this file differs from the certified copy (it may have been altered).
verify-unknown = Not found: no certified copy has this content.
verify-file-hash = Hash of the file checked
verify-recorded-hash = SHA-256 hash in the register
verify-center = Certified at
verify-at = Certified on
verify-choose-file = Copy file (PDF)
verify-check = Check
certify-scan-first = The original is not scanned yet: scan it before certifying.
