### Results by public postal service: orders, tracking, postmen.

postal-impossible-update = this state cannot follow the parcel's current state
postal-bad-signature = the request's signature is wrong or has expired
postal-bad-update = the tracking update is not valid
field-ward = Ward/commune
field-address = Address
field-cod = Cash on delivery (COD)
field-receiver = Receiver
field-state = State

postal-title = Result by post
postal-tracking = tracking code
postal-no-tracking-yet = (waiting for the carrier)
postal-proof = Proof of delivery
postal-not-applied = not applied
postal-postage = Postage
postal-ship = Send the result by post
postal-screen-title = Parcels with results
postal-carrier-off = No postal carrier is configured: orders are recorded and will be sent once one is.
postal-attention = Needing attention (not yet taken, failed attempts, brought back)
postal-moving = On their way
postal-delivered = Delivered (the last 50)
postal-none = No parcel.
postal-failed-attempts = failed attempts
postal-carrier = The postal carrier
