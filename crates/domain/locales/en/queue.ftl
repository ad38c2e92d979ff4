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
