## The queue, the kiosk, the board and the satisfaction ratings.

survey-q3 = How many times did you have to contact the reception point to complete the dossier?
survey-q3-a2 = None
survey-q3-a1 = Once
survey-q3-a0 = More than once
survey-q4 = How many agencies did you have to contact?
survey-q4-a2 = No other
survey-q4-a1 = Only the one-stop shop
survey-q4-a0 = More than one
survey-q7 = The staff's attitude
survey-q7-a2 = Helpful, settled early
survey-q7-a1 = Proper, on time
survey-q7-a0 = I have a complaint
survey-q10 = Was the procedure easy to follow?
survey-q10-a2 = Very easy
survey-q10-a1 = Easy
survey-q10-a0 = Difficult

denied-queue-counter-staff = Only reception officers or postal employees working at this center open a counter and call numbers.
denied-queue-manager = Only the center's leader or an administrator sets up the hall's service groups and devices.
denied-queue-not-your-counter = Another officer staffs this counter.
error-queue-lane = must be one of: normal, priority, booked appointment
error-queue-group = is not a service group of this center
error-queue-no-groups = The center has no service group yet: its leader sets them up first
error-queue-day-full = This service group has given out all of today's numbers. Please ask at the information desk.
error-queue-counter-taken = Another officer staffs counter { $number }.
error-queue-counter-closed = The counter is not open: open it before calling.
error-queue-not-called = This ticket is no longer called at a counter (done, not come, or sent on).
error-queue-no-such-counter = is not a counter of this center
error-queue-ticket-not-yours = this ticket was not called at your counter today
error-queue-letter = must be one letter, A to Z
error-queue-field = { $value } is not a field code
error-queue-kiosk-kind = must be tickets (a kiosk) or rating (a counter's tablet)

field-lane = Lane
field-service-group = Service group
field-counter-number = Counter number
field-counter = Counter
field-ticket = Ticket
field-group-letter = Group letter
field-fields = Fields
field-position = Display order
field-rating = Satisfaction
field-survey = Survey
field-comment = Comment
field-target-minutes = Target wait (minutes)
field-name = Name

error-date-format = must be a date written YYYY-MM-DD
error-queue-period = the period must run from its first to its last day, at most a year
error-rating-not-yet = This dossier has not been received yet, so it cannot be rated.
error-rating-choice = must be one of: very satisfied, satisfied, not satisfied
error-rating-survey = a question or answer that is not in the survey
error-rating-done = You have already rated this dossier at this stage. Thank you.
error-queue-target = must be from 1 to 120 minutes
error-rating-not-offered = this counter's tablet does not offer this dossier for rating
