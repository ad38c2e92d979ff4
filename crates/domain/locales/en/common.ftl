### Texts every room shares: the page frame, the user bar, error pages, and
### words used on both the public and the staff side.

## base.html
one-stop-shop = One-stop shop
home = Home
procedures = Procedures
centers = Centers
track-a-dossier = Track a dossier
staff = Staff
administrative-procedure-information-system = Administrative procedure information system

## userbar.html
signed-in-as = Signed in as
find-a-dossier = Find a dossier…
find-a-dossier-userbar = Find a dossier
counter = Counter
dossier-inbox = Dossier inbox
account = Account
sign-out = Sign out

## error.html
back-to-the-dossier-inbox = Back to the dossier inbox
back-to-the-home-page = Back to the home page

## not_found.html
page-not-found = Page not found

## home.html
search = Search

## center.html
address = Address
late = late

## procedures.html
field = Field
all = All
time-limit = Time limit

## procedure.html
count = Count

## lookup.html
code-lookup = Code
procedure-lookup = Procedure
appointment = Appointment

## page_errors.rs
not-found = Not found
not-allowed = Not allowed
sign-in-first = Sign in first
the-dossier-changed = The dossier changed
try-again-later = Try again later
too-large = Too large
internal-error = Internal error
not-done = Not done

## text.rs
free = Free

## For the catalog's own tests.
test-number = { $n }
test-plain-number = { NUMBER($n, useGrouping: "false") }
