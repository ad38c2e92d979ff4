### The citizens' pages: home, centers, procedures, the dossier lookup.

## home.html
the-one-stop-system-of = The one-stop system of the Public Administration Service Centers
find-a-procedure = Find a procedure
e-g-khai-sinh = e.g. khai sinh
communes-and-wards = communes and wards
centers-and-reception-points = centers and reception points
procedures-home = procedures
staff-home = staff
postal-employees = postal employees
dossiers = dossiers
fields = Fields

## centers.html
public-administration-service-centers = Public administration service centers
name = Name
unit = Unit
identifier = Identifier

## center.html
receiving-agency = Receiving agency
office-hours = Office hours
procedures-received = Procedures received
last-30-days = Last 30 days
received = received
settled = settled
on-time = on time
online = online
staff-on-duty = Staff on duty
name-center = Name
role = Role
title = Title
employer = Employer

## procedures.html
administrative-procedures = Administrative procedures
name-or-code = Name or code
procedures-procedures = procedures
code = Code
procedure = Procedure

## procedure.html
code-procedure = Code
version = version
level = Level
competent-agency = Competent agency
time-limit-procedure = Time limit
fees = Fees
channels = Channels
online-service = Online service
dossier-components = Dossier components
no = No.
document = Document
form = Form
required = Required
yes = Yes
no-procedure = No
versions = Versions
version-procedure = Version

## lookup.html
track-your-dossier = Track your dossier
enter-the-dossier-code-and = Enter the dossier code and the 6-digit lookup PIN printed on your receipt. If you gave a phone number, its last 4 digits work instead of the PIN.
status = Status
received-on = Received on
dossier-code = Dossier code
lookup-pin = Lookup PIN
or-the-phones-last-4 = or the phone's last 4 digits
look-up = Look up

## lookup.rs
lookup-too-many-attempts = Too many lookups. Try again in { NUMBER($secs, useGrouping: "false") } seconds.

## The portal's online submission (web/public/submit.rs).
submit-title = Submit a dossier online
submit-title-print = Fill in the declaration
submit-not-online = This procedure does not take dossiers online yet: fill in the declaration, print it and bring it to the center (or send it by post).
submit-center = Where to submit
submit-choose-center = — Choose a public administration service center —
submit-applicant = Applicant
submit-files = Documents (photos or scans)
submit-files-hint = One or more PDF, JPEG, PNG or TIFF files per document. A sharp phone photo will do.
submit-result-channel = Receive the result
submit-send = Submit
submit-choose-files-again = Choose the attached files again.
submit-sent = Your dossier was submitted. The center will check and accept it; the time limit runs from its acceptance. Keep the dossier code and the lookup PIN below to follow it.
submit-online = Submit online
submit-fill-form = Fill in the declaration
procedure-form = Declaration
procedure-where = Where to submit
procedure-where-text = At the commune public administration service center where you live (chosen when submitting online)
timeline = Progress
