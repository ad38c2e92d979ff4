## The pages of the hall: the ticket kiosk, the board, the rating pages.

hall-busy-title = Please wait a moment
hall-too-many = This device is sending many requests at once. Please try again in { NUMBER($secs, useGrouping: "false") } seconds.

## The ticket kiosk and its printed ticket.
hall-kiosk-title = Take a queue number
hall-kiosk-lane = You are
hall-lane-priority-hint = Older people, people with disabilities, pregnant women
hall-lane-appointment-hint = You booked an appointment
hall-kiosk-group = Touch the service you need to get a number
hall-kiosk-no-groups = This kiosk is not ready: the center has not set up its services. Please ask at the information desk.
hall-kiosk-too-many = This kiosk has just issued many numbers in a row. Please try again in { NUMBER($secs, useGrouping: "false") } seconds.
hall-ticket-your-number = Your number
hall-ticket-taken-at = Taken at
hall-ticket-ahead = People ahead of you
hall-ticket-wait = Estimated wait
# Whole minutes; none when nobody is ahead.
hall-ticket-wait-minutes = { $minutes ->
    [0] you are next
    [one] about { $minutes } minute
   *[other] about { $minutes } minutes
}
hall-ticket-called = Please go to counter { $counter }
hall-ticket-thanks = Thank you! Please take a seat and watch for your number on the screen.
hall-ticket-print = Print
hall-ticket-another = Take another number

## The board on the hall's TV.
hall-board-title = Calling board
hall-board-now-calling = Now calling
hall-board-counter = Counter { $counter }
# Shown under the latest call, and read out exactly so.
hall-board-say = Number { $number }, please go to counter { $counter }
hall-board-none = No number called yet
hall-board-recent = Being served
hall-board-waiting = Waiting
hall-board-group = Service group
hall-board-waiting-count = People waiting
hall-board-next = Next number
hall-board-voice-on = Read numbers aloud
hall-board-voice-off = Stop reading numbers
# The language the browser's voice reads the calls in.
hall-board-voice-lang = en-US

## The rating, by the receipt's link and on the counter's tablet.
hall-rate-title = Rate our service
hall-rate-question = How satisfied are you with how your procedure was handled?
hall-rate-code = Dossier code
hall-rate-procedure = Procedure
hall-rate-stage = Rating
hall-rate-survey = Answer 4 more questions (optional)
hall-rate-comment = Other remarks (optional)
hall-rate-send = Send my rating
hall-rate-thanks-title = Thank you!
hall-rate-thanks = Your rating has been recorded. It helps us serve you better.
hall-rate-already-title = Dossier already rated
hall-rate-not-yet-title = Not yet possible to rate
hall-tablet-title = Rate at the counter
hall-tablet-question = How satisfied are you with the service at this counter?
hall-tablet-idle = Thank you for coming
hall-tablet-thanks = Thank you!
