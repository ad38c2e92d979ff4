### The officers' screens: sign-in, inbox, counter, dossier, account, search.

## inbox.html
open-dossiers-of-the-province = Open dossiers of the province
the-longest-overdue-first = The longest overdue first.
status-inbox = Status
assigned-to-me = Assigned to me
filter = Filter
open-dossiers = open dossiers
due-soon = due soon
applicant = Applicant
received-inbox = Received
due = Due
assigned-to = Assigned to
nothing-is-waiting = Nothing is waiting.

## counter.html
procedure-diacritics-optional = Procedure (diacritics optional)
no-procedure-of-this-center = No procedure of this center matches.

## counter_form.html
fee = Fee
find-the-applicant-by-cccd = Find the applicant by CCCD or phone
find = Find
found-from-an-earlier-dossier = Found from an earlier dossier; check the details.
applicant-counter-form = Applicant
full-name = Full name
cccd-number = CCCD number
phone = Phone
why-the-applicants-record-changes = Why the applicant's record changes (if the details changed)
components = Components
given = Given
document-counter-form = Document
required-form = Required form
copy-original-shown = Copy, original shown
pages-of-the-original = Pages of the original
copies = Copies
result = Result
at-the-counter = At the counter
by-post = By post
online-counter-form = Online
receive-and-print-the-receipt = Receive and print the receipt
reason-for-refusal = Reason for refusal
refuse-form-03 = Refuse (form 03)

## dossier.html
dossier-received = Dossier received
the-receipt-form-01-is = The receipt (form 01) is ready to print.
print-the-receipt-form-01 = Print the receipt (form 01)
receive-the-next-dossier = Receive the next dossier
receipt = Receipt
the-dossier-ends-and-cannot = the dossier ends and cannot be settled any further. Reason:
are-you-sure = Are you sure?
confirm = Confirm
no-go-back = No, go back
handled-by = Handled by
assigned-to-dossier = Assigned to
not-assigned = Not assigned
supplements-extensions = Supplements / extensions
draft-result-awaiting-approval = Draft result awaiting approval
print-forms = Print forms
actions = Actions
to-agency = To agency
to-specialist = To specialist
let-the-agency-assign = — Let the agency assign —
documents-needed-one-per-line = Documents needed (one per line)
result-dossier = Result
new-appointment = New appointment
reason = Reason
received-by = Received by
history = History
when = When
who = Who
action = Action

## account.html
new-token-shown-this-once = New token (shown this once, store it now):
change-the-password = Change the password
afterwards-every-session-ends-and = Afterwards every session ends and every API token is revoked.
current-password = Current password
new-password-at-least-10 = New password (at least 10 characters)
api-tokens-for-other-software = API tokens for other software
label = Label
scope = Scope
created = Created
expires = Expires
state = State
revoke = Revoke
label-what-it-is-for = Label (what it is for)
read-only = Read only
read-and-write = Read and write
days-valid-1-365 = Days valid (1–365)
create-a-token = Create a token

## login.html
sign-in = Sign in
username = Username
password = Password

## resume.html
send-the-form-again = Send the form again
signed-in-again = Signed in again
the-form-you-filled-before = The form you filled before your session expired was not sent. Press «Send again» to send it as you typed it; if something is wrong, the form comes back to be corrected.
send-again = Send again
discard = Discard

## search.html
find-dossiers = Find dossiers
code-cccd-phone-procedure-code = Code, CCCD, phone, procedure code or name (diacritics optional)
no-dossier-found = No dossier found.
previous = Previous
page = Page
next = Next

## account.rs
revoked = Revoked
active = Active
expired = Expired

## counter.rs
a-reason-for-refusal-was = A reason for refusal was typed. Press «Refuse» to refuse, or clear the reason to receive.
declaration-has-problems = The declaration has fields that are not right yet: see the marked fields.
declaration-at-the-counter = Electronic declaration (not needed when a paper form is handed in): fill it in with the citizen, print it to sign, then press Receive.
declaration-print = Print the declaration
declaration-of-the-dossier = Declaration
counter-not-a-number = { $label }: «{ $typed }» is not a number.

## list.rs
late-list = Late
due-soon-list = Due soon
waiting = Waiting
on-time-list = On time

## login.rs
your-session-expired-sign-in = Your session expired. Sign in again: what you typed is kept, nothing was saved yet.
wrong-username-or-password = Wrong username or password.
login-too-many-attempts = Too many wrong passwords. Try again in { NUMBER($secs, useGrouping: "false") } seconds.

## action.rs
the-new-appointment-is-not = The new appointment is not a valid date.

## mod.rs
citizen = Citizen
change-the-draft = Change the draft
form-01-receipt-and-appointment = Form 01 — Receipt and appointment
form-02-request-for-a = Form 02 — Request for a supplement
form-03-refusal-to-receive = Form 03 — Refusal to receive
form-04-apology-and-new = Form 04 — Apology and new appointment
form-05-notice-of-stopping = Form 05 — Notice of stopping
form-06-processing-control-record = Form 06 — Processing control record

## The buttons of a dossier's actions (staff/dossier/offers.rs)
offer-accept = Accept
offer-digitize = Digitized
offer-hand-over = Hand over
offer-request-supplement = Request a supplement
offer-receive-supplement = Supplement received
offer-draft-result = Draft the result
offer-reject-draft = Send the draft back
offer-approve = Approve
offer-extend = Apologise and extend
offer-issue-e-result = E-result issued
offer-return = Return the result
offer-withdraw = Withdrawn
offer-stop = Stop
