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
# $amount is written with its unit, e.g. 2.000 đ.
fee-per-page = { $amount }/page
fee-from-page = , from page { NUMBER($page, useGrouping: "false") }: { $amount }/page
fee-cap-per-copy = , at most { $amount } per copy
free = Free

## A procedure's time limit and a center's days (domain/src/i18n/calendar.rs)
limit-working-days = { $n ->
    [one] { $n } working day
   *[other] { $n } working days
}
limit-working-hours = { $n ->
    [one] { $n } working hour
   *[other] { $n } working hours
}
limit-calendar-days = { $n ->
    [one] { $n } calendar day
   *[other] { $n } calendar days
}
limit-same-day = Same day (next working day after 15:00)
limit-immediate = Immediate
# The days as office hours write them; Vietnamese ones are also what the
# hours' text form reads.
weekday-short-mon = Mon
weekday-short-tue = Tue
weekday-short-wed = Wed
weekday-short-thu = Thu
weekday-short-fri = Fri
weekday-short-sat = Sat
weekday-short-sun = Sun

## For the catalog's own tests.
test-number = { $n }
test-plain-number = { NUMBER($n, useGrouping: "false") }
