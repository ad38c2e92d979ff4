### What a person is told when something they gave cannot be used: the
### problem, and the field's name in words.

## Where in a catalog file a problem is (domain/src/catalog/error.rs)
at-line = line { NUMBER($n, useGrouping: "false") }
at-column = column { NUMBER($n, useGrouping: "false") }
at-column-named = column { NUMBER($n, useGrouping: "false") } ({ $header })
# Two parts of a list, the second maybe a list itself.
list-pair = { $first }, { $rest }
at-problem = { $at }: { $problem }


## A field's name in words (web/src/input.rs: label)
field-applicant-name = Applicant's name
field-applicant-address = Applicant's address
field-id-number = Identity number (CCCD)
field-phone = Phone number
field-email = E-mail
field-applicant = Applicant
field-components = Documents handed in
field-count = Number of sheets
field-original-shown = Original shown
field-pages = Pages
field-copies = Copies
field-reasons = Reasons for refusal
field-reason = Reason
field-summary = Draft result
field-items = Documents to supplement
field-received-by = Result received by
field-by-post = Returned by post
field-to-agency = Receiving agency
field-to-account = Receiving officer
field-amount = Amount
field-note = Note
field-appointment = Appointment
field-label = Token label
field-scope = Token scope
field-expires-in-days = Token lifetime
field-username = Username
field-password = Password
field-new-password = New password
field-code = Dossier code
field-pin = Lookup PIN
field-center-id = Center
field-procedure-code = Procedure
field-channel = Channel
field-result-channel = How the result is returned
field-decision = Intake decision
field-kind = Kind of decision
field-action = Action
field-expected-seq = Version of the dossier seen
field-applicant-update-reason = Reason for changing the applicant's record
field-key = CCCD or phone number
field-idempotency-key = Idempotency key
field-request = Request

## Typed text refused (domain/src/text.rs)
text-too-long = longer than { $max } characters (has { $got })
text-control = contains a control character
text-invisible = contains invisible characters that change how the text displays (such as direction overrides)
text-stacked-marks = has too many marks stacked on one letter
text-empty = must not be empty

## A field's error (web/src/input.rs)
error-field = { $field }: { $problem }
error-required = must not be empty
error-is-required = is required
error-required-sentence = { $field }: must not be empty.
error-between = must be between { NUMBER($min, useGrouping: "false") } and { NUMBER($max, useGrouping: "false") }
error-at-most-items = at most { NUMBER($max, useGrouping: "false") } items (has { NUMBER($got, useGrouping: "false") })
error-not-email = "{ $value }" is not an e-mail address

## The checks of the cases and the API
error-give-a-cccd-or-phone = give a CCCD or phone number
error-must-be-read-or-write = must be read or write
error-must-not-be-the-username = must not be the username
error-the-current-password-is-wrong = the current password is wrong
error-no-agency-to-agency = no agency { $to_agency }
error-no-specialist-or-leader-account = no specialist or leader { $account } is posted at { $to_agency }
error-name-at-least-one-document = name at least one document
error-must-be-after-now-and = must be after now and within a year
error-mandatory-documents-missing-list = mandatory documents missing: { $list }
error-no-such-center = no such center
error-no-procedure-code = no procedure { $code }
error-this-center-does-not-receive = this center does not receive { $code }
error-is-not-a-dossier-code = is not a dossier code
error-give-the-6-digit-pin = give the 6-digit PIN on the receipt (or the phone's last 4 digits)
error-has-6-digits = has 6 digits
error-give-at-least-the-last = give at least the last 4 digits
error-code-is-not-offered-online = { $code } is not offered online
error-must-be-a-number-of = must be a number of days
error-must-be-an-integer = must be an integer
error-a-value-of-the-wrong = a value of the wrong type
error-the-field-named-is-not = the field "{ $named }" is not accepted
error-password-length = needs { NUMBER($min, useGrouping: "false") } to { NUMBER($max, useGrouping: "false") } characters
error-amount-between = must be between 1 and { NUMBER($max, useGrouping: "false") } đồng
error-channel-not-offered = not offered through { $channel }
error-cccd-known-under-another-name = this number is already recorded for an applicant named «{ $name }». Check the number and the name; if the applicant changed name, give the reason for updating the applicant's record
error-idempotency-key-length = 1 to { NUMBER($max, useGrouping: "false") } printable characters
error-not-an-accepted-value = "{ $named }" is not one of the accepted values
error-must-be-text = must be a string
error-must-be-true-or-false = must be true or false
error-must-be-a-list = must be a list (a JSON array)
error-must-be-an-object = must be a JSON object
error-number-out-of-range = the number is out of range
error-invalid-value = an invalid value
error-not-one-of = { $value } is not one of { $accepted }

## Errors that name no field in words
error-no-form = No form { $form }: use 01–06
error-period-ends-before-it-starts = The period ends before it starts
error-date-out-of-range = The date must be within 1900–2999

## What a request is told when it is not done (web/src/error.rs, auth.rs and
## the handlers); the API answers both languages, a page the reader's.
error-not-found = Not found
error-internal = Internal error, please retry
error-body-must-be-json = The body must be JSON (Content-Type: application/json)
error-body-too-large = The request body is too large
error-too-many-attempts = Too many attempts, try again in { NUMBER($secs, useGrouping: "false") } s
error-changed-meanwhile = The dossier was changed meanwhile; reload it and try again
error-body-unreadable = The request body could not be read
error-body-not-json = The body is not valid JSON: { $detail }
# A query or path parameter, named as the client wrote it.
error-param = { $param }: { $problem }
denied-sign-in-first = Sign in first
denied-token-read-only = This token is read-only
denied-token-expired = The token expired or was revoked
denied-session-expired = The session expired
denied-declaration-handlers-only = Only those who handle the dossier may read its declaration (it holds personal data)
denied-csrf = CSRF token missing or wrong
denied-wrong-credentials = Wrong username or password
denied-receive-reception-only = Only this center's reception staff may receive
denied-lookup-no-match = No dossier with this code and PIN
denied-applicants-counter-only = Only counter staff look up applicants
denied-tokens-from-session = Manage tokens from a signed-in session
denied-counter-reception-only = The counter is for reception staff
denied-cross-site-sign-in = Sign-in from another site

## The API's edge (web/src/edge.rs): what goes wrong around a handler. The
## library's own detail (in English) follows some of them after a colon.
error-request-too-large = The request body is too large (at most { NUMBER($kib, useGrouping: "false") } KiB)
error-body-too-slow = The request body arrived too slowly
error-request-body-unreadable = Could not read the request body
error-malformed-json = Malformed JSON
error-method-not-allowed = Method not allowed here
error-request-too-slow = The request arrived too slowly
error-too-many-requests = Too many requests, retry later
error-request-refused = Request refused
error-invalid-query-parameter = Invalid query parameter
error-invalid-path-parameter = Invalid path parameter
error-bad-request = Bad request
error-invalid-value-detail = Invalid value

## What the lifecycle refuses.
lifecycle-not-from-status = { $action } is not allowed in status { $status }
lifecycle-role = the role { $role } may not { $action }
lifecycle-missing = { $field } needs a text
lifecycle-not-drafted = the result must be drafted before it is approved
lifecycle-too-many-extensions = the dossier has already been extended { NUMBER($n, useGrouping: "false") } time(s), the most allowed
lifecycle-earlier-appointment = the new appointment must come after the current one

## Codes from outside (domain/src/codes.rs, dossier/mod.rs). $value is what
## was given, already in quotes.
bad-code-agency = invalid agency identifier { $value }: expected the form 000.00.06.H56
bad-code-procedure = invalid procedure code { $value }: 1–32 letters, digits, '.', '-' or '_'
bad-code-field = invalid field code { $value }: 1–32 letters, digits, '.', '-' or '_'
bad-code-dossier = invalid dossier code { $value }: expected the form 000.00.06.H56-231027-0361

## Personal identifiers (domain/src/person.rs). $value is what was typed,
## shortened and in quotes; $code is in quotes.
person-cccd-digits = invalid CCCD number { $value }: it has exactly 12 digits
person-cccd-province = invalid CCCD number: its first three digits { $code } are no province's birth registration code
person-phone-digits = invalid phone number { $value }: a mobile number has 10 digits, a landline 11 starting with 02; +84 may replace the leading 0
person-phone-prefix = invalid phone number: no Vietnamese mobile prefix or area code starts with { $prefix }

## A filled declaration form (web/cases/declaration.rs); $problems lists form-problem-at.
error-no-such-component = a file was sent for a component the procedure does not have
error-declaration = The declaration “{ $form }” is not right yet: { $problems }
error-declaration-required = Fill in the declaration “{ $form }”.
error-no-declaration-form = This procedure has no electronic declaration form.

## A catalog file's problems (domain/src/catalog/error.rs). $value, the missing $column
## and $other, $name are in quotes; $detail is the file reader's own words.
catalog-syntax = malformed file: { $detail }
catalog-missing-column = the header has no { $column } column
catalog-wrong-column-count = { NUMBER($found, useGrouping: "false") } columns where { NUMBER($expected, useGrouping: "false") } are expected
catalog-empty = { $column } must not be empty
catalog-time-limit = invalid time limit { $value }: write 3wd, 8wh, 15d, same-day or immediate
catalog-fee = invalid fee { $value }: write free, an amount like 50000, or page:2000,3:1000,max:200000
catalog-components = invalid components { $value }: write Document name [original x1, optional]; …
catalog-bad-components = component { $value } needs a name and a count of at least 1
catalog-channels = invalid channel { $value }: use in-person, online, post
catalog-level = invalid level { $value }: use central, province or commune
catalog-online-level = invalid online level { $value }: use none, partial or full
catalog-unknown-field = field { $value } is not in the catalog
catalog-field-name-conflict = field { $code } has two different names: { $other } and { $name }
catalog-duplicate-procedure = procedure code { $code } appears twice
catalog-unknown-form = form { $value } is neither in the forms file nor among the shipped forms
catalog-duplicate-form = form code { $code } appears twice
catalog-form = form { $form }, { $at }: { $problem }
catalog-forms-not-written = the catalog has forms motcua does not ship ({ $forms }): add --forms FILE.json to write them out

## A declaration form's problems (domain/src/catalog/eform.rs). In a definition:
form-bad-key = a field key has only lower-case ASCII letters, digits and _, at most 40 characters
form-duplicate-key = the field key appears twice
form-empty-label = must not be empty
form-no-options = needs at least one option, none of them empty
form-bad-range = invalid limits (the least above the most, or too large)
form-nested-group = a group cannot be inside another group
form-no-fields = needs at least one field
## In a filled form ($max, $min, $n are numbers):
form-required = is required
form-too-long = is longer than { $max } characters
form-not-a-date = is not a date: write day/month/year, e.g. 20/11/2026
form-not-a-cccd = is not a personal identification number (12 digits)
form-not-a-phone = is not a phone number (10 digits, e.g. 0912345678)
form-not-an-option = choose one of the options
form-not-a-number = is not a number
form-out-of-range = must be from { $min } to { $max }
form-too-few-rows = needs at least { $n } rows
form-too-many-rows = at most { $n } rows
form-unknown-field = the form has no such field
form-wrong-shape = has the wrong kind of value
## $at is the field's label ("Witness 1 – Full name"), $problem one of the above.
form-problem-at = { $at }: { $problem }

error-seal-number = A seal number has 4 to 20 letters, digits or dashes.
