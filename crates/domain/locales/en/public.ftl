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
