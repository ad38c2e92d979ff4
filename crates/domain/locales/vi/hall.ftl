## The pages of the hall: the ticket kiosk, the board, the rating pages.
