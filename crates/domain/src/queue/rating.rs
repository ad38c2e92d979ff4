//! The citizen's rating of the service: very satisfied, satisfied or not
//! satisfied, once when the dossier is received and once when its result is
//! returned, with the optional per-dossier survey of Circular 01/2018 (the
//! indicators a citizen can answer; the others the system computes).

use std::collections::BTreeMap;

use crate::dossier::Status;
use crate::labels::labelled_enum;

labelled_enum! {
    /// The three answers of the satisfaction question (Decree 61).
    Satisfaction {
        VerySatisfied = "very-satisfied";
        Satisfied = "satisfied";
        NotSatisfied = "not-satisfied";
    }
}

labelled_enum! {
    /// When the citizen rates: one rating per dossier and stage.
    RatingStage {
        Received = "received";
        Returned = "returned";
    }
}

impl RatingStage {
    /// The stage a dossier in `status` is rated for, if any: once returned,
    /// the return; while it is handled, the reception; not before it was
    /// received, nor after it was refused or withdrawn.
    pub fn for_status(status: Status) -> Option<RatingStage> {
        match status {
            Status::Returned => Some(RatingStage::Returned),
            Status::Accepted
            | Status::InProgress
            | Status::SupplementRequested
            | Status::PaymentRequested
            | Status::Processed => Some(RatingStage::Received),
            _ => None,
        }
    }
}

/// The survey questions a citizen answers, by their indicator number in
/// Circular 01/2018 (§1.6 of the reference): 3 contacts needed to complete
/// the dossier, 4 agencies contacted, 7 the staff's attitude, 10 ease. Each
/// answer scores 2, 1 or 0 points as the indicator does.
pub const SURVEY_QUESTIONS: [u8; 4] = [3, 4, 7, 10];

/// The catalog key of a survey question's text, and of its answer worth
/// `points`.
pub fn question_key(question: u8) -> String {
    format!("survey-q{question}")
}

pub fn answer_key(question: u8, points: u8) -> String {
    format!("survey-q{question}-a{points}")
}

/// The answers given (questions left out are not answered).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Survey(BTreeMap<u8, u8>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SurveyError {
    UnknownQuestion(u8),
    BadPoints { question: u8, points: u8 },
}

impl Survey {
    pub fn new(answers: impl IntoIterator<Item = (u8, u8)>) -> Result<Survey, SurveyError> {
        let mut map = BTreeMap::new();
        for (question, points) in answers {
            if !SURVEY_QUESTIONS.contains(&question) {
                return Err(SurveyError::UnknownQuestion(question));
            }
            if points > 2 {
                return Err(SurveyError::BadPoints { question, points });
            }
            map.insert(question, points);
        }
        Ok(Survey(map))
    }

    pub fn answers(&self) -> impl Iterator<Item = (u8, u8)> + '_ {
        self.0.iter().map(|(q, p)| (*q, *p))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Stored as `3=2;7=1`.
    pub fn to_code(&self) -> String {
        self.answers()
            .map(|(q, p)| format!("{q}={p}"))
            .collect::<Vec<_>>()
            .join(";")
    }
}

impl std::str::FromStr for Survey {
    type Err = String;
    fn from_str(s: &str) -> Result<Survey, String> {
        let mut answers = Vec::new();
        for part in s.split(';').filter(|p| !p.trim().is_empty()) {
            let (q, p) = part
                .split_once('=')
                .ok_or_else(|| format!("survey answer {part:?}"))?;
            let q: u8 = q.trim().parse().map_err(|_| format!("question {q:?}"))?;
            let p: u8 = p.trim().parse().map_err(|_| format!("points {p:?}"))?;
            answers.push((q, p));
        }
        Survey::new(answers).map_err(|e| format!("{e:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_follow_the_dossier() {
        assert_eq!(
            RatingStage::for_status(Status::Accepted),
            Some(RatingStage::Received)
        );
        assert_eq!(
            RatingStage::for_status(Status::Returned),
            Some(RatingStage::Returned)
        );
        assert_eq!(RatingStage::for_status(Status::Registered), None);
        assert_eq!(RatingStage::for_status(Status::NotAccepted), None);
    }

    #[test]
    fn surveys_keep_known_questions_and_points() {
        let s: Survey = "10=2;3=1".parse().unwrap();
        assert_eq!(s.to_code(), "3=1;10=2");
        assert_eq!("".parse::<Survey>().unwrap(), Survey::default());
        assert_eq!(Survey::new([(5, 1)]), Err(SurveyError::UnknownQuestion(5)));
        assert_eq!(
            Survey::new([(7, 3)]),
            Err(SurveyError::BadPoints {
                question: 7,
                points: 3
            })
        );
        assert!("3=x".parse::<Survey>().is_err());
    }
}
