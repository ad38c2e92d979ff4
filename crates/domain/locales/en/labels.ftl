### Labels of the enums stored by a code (statuses, roles, channels…),
### by enum and variant: `label-Status-Accepted`.

label-ComponentKind-Original = Original
label-ComponentKind-CertifiedCopy = Certified copy
label-ComponentKind-Copy = Copy
label-Channel-InPerson = In person
label-Channel-Online = Online
label-Channel-Post = By public post
label-OnlineLevel-None = No online service
label-OnlineLevel-Partial = Partly online
label-OnlineLevel-Full = Fully online
label-Status-Registered = Newly registered
label-Status-Accepted = Accepted
label-Status-NotAccepted = Not accepted
label-Status-InProgress = In progress
label-Status-SupplementRequested = Supplement requested
label-Status-PaymentRequested = Payment requested
label-Status-Withdrawn = Withdrawn by the citizen
label-Status-Stopped = Stopped
label-Status-Processed = Processed
label-Status-Returned = Result returned
label-Role-Admin = Administrator
label-Role-Supervisor = Supervisor
label-Role-Leader = Leader
label-Role-Specialist = Specialist
label-Role-Reception = Reception officer
label-Role-Postal = Postal employee
label-Role-Inspector = Inspector
label-Employer-CivilService = Civil servant
label-Employer-Vnpost = Vietnam Post
label-UnitKind-Xa = Commune
label-UnitKind-Phuong = Ward
label-UnitKind-DacKhu = Special zone
label-CenterKind-Center = Public administration service center
label-CenterKind-ReceptionPoint = Reception point
label-Level-Central = Central
label-Level-Province = Provincial
label-Level-Commune = Commune

## What each lifecycle action is called on screens and in records.
action-submit = Submitted online
action-accept = Accepted
action-refuse = Refused
action-hand-over = Handed over
action-request-supplement = Supplement requested
action-receive-supplement = Supplement received
action-request-payment = Payment requested
action-confirm-payment = Payment confirmed
action-draft-result = Result drafted
action-reject-draft = Draft sent back
action-approve = Approved
action-extend = Apology and extension
action-withdraw = Withdrawn
action-stop = Stopped
action-digitize = Digitized
action-issue-e-result = E-result issued
action-return = Result returned
