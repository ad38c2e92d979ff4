//! The wire format: what motcua sends the carrier, and what the carrier answers
//! and posts to motcua's tracking webhook. JSON, snake_case fields, kebab-case states.

use serde::{Deserialize, Serialize};

/// Who receives the result, where (what the citizen registered for delivery).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receiver {
    pub name: String,
    pub address: String,
    pub ward: String,
    pub phone: String,
}

/// `POST /v1/orders`: a delivery order for one dossier's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateOrder {
    /// The dossier code (the provincial API's `OrderNumber = MaHoSo`).
    pub order_number: String,
    pub receiver: Receiver,
    /// The postal charge, in đồng.
    pub postage: i64,
    /// The amount the postman collects on delivery (COD), in đồng; 0 for none.
    pub cod: i64,
    /// A tracking code from the center's pre-issued pool, or `None`: the carrier
    /// issues one.
    pub tracking_code: Option<String>,
    pub note: String,
}

/// Where an order is. The path is created → handed-over → in-transit →
/// delivered, with failed attempts (back to in-transit for another try) and a
/// return to the center; a center may cancel before the parcel is on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrackingState {
    /// The carrier has the order; the parcel is still at the center.
    Created,
    /// The center handed the parcel to the postman.
    HandedOver,
    /// Out for delivery.
    InTransit,
    /// The receiver has it (final).
    Delivered,
    /// Nobody was there, or the receiver could not take it; another try follows.
    FailedAttempt,
    /// Brought back to the center (final).
    Returned,
    /// Cancelled by the center before it left (final).
    Cancelled,
}

impl TrackingState {
    /// Every state, in the order of the path.
    pub const ALL: [TrackingState; 7] = [
        TrackingState::Created,
        TrackingState::HandedOver,
        TrackingState::InTransit,
        TrackingState::Delivered,
        TrackingState::FailedAttempt,
        TrackingState::Returned,
        TrackingState::Cancelled,
    ];

    /// The name on the wire (`handed-over`…).
    pub fn as_str(self) -> &'static str {
        match self {
            TrackingState::Created => "created",
            TrackingState::HandedOver => "handed-over",
            TrackingState::InTransit => "in-transit",
            TrackingState::Delivered => "delivered",
            TrackingState::FailedAttempt => "failed-attempt",
            TrackingState::Returned => "returned",
            TrackingState::Cancelled => "cancelled",
        }
    }

    /// Delivered, returned and cancelled: nothing follows.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            TrackingState::Delivered | TrackingState::Returned | TrackingState::Cancelled
        )
    }

    /// Whether the center may still cancel the order (the parcel has not left).
    pub fn cancellable(self) -> bool {
        matches!(self, TrackingState::Created | TrackingState::HandedOver)
    }

    /// The states the carrier may move an order to from this one (cancelling is
    /// the center's, through its own route, and is not among them).
    pub fn carrier_next(self) -> &'static [TrackingState] {
        match self {
            TrackingState::Created => &[TrackingState::HandedOver],
            TrackingState::HandedOver => &[TrackingState::InTransit],
            TrackingState::InTransit => &[
                TrackingState::Delivered,
                TrackingState::FailedAttempt,
                TrackingState::Returned,
            ],
            TrackingState::FailedAttempt => &[TrackingState::InTransit, TrackingState::Returned],
            TrackingState::Delivered | TrackingState::Returned | TrackingState::Cancelled => &[],
        }
    }
}

impl std::fmt::Display for TrackingState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step of an order, as the carrier posts it to motcua's webhook (signed,
/// see [`crate::sign`]) and keeps it in the order's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackingEvent {
    /// Unique across the carrier: a webhook delivered twice carries the same id.
    pub event_id: String,
    pub order_id: String,
    /// The dossier code.
    pub order_number: String,
    pub tracking_code: String,
    /// 1, 2, 3… per order (1 is `created`).
    pub seq: u32,
    pub state: TrackingState,
    pub at: jiff::Timestamp,
    /// What happened, in Vietnamese ("Đã giao thành công").
    pub note: String,
    /// On delivery: who signed for it.
    pub receiver_name: Option<String>,
    /// On delivery: the proof (the receiver's signature), a PNG in standard base64.
    pub proof_png_base64: Option<String>,
}

/// A delivery order as the carrier keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// The carrier's id of the order.
    pub order_id: String,
    /// The dossier code.
    pub order_number: String,
    pub tracking_code: String,
    pub state: TrackingState,
    pub receiver: Receiver,
    pub postage: i64,
    pub cod: i64,
    pub created_at: jiff::Timestamp,
    /// Every event so far, seq 1 first.
    pub history: Vec<TrackingEvent>,
}

/// The simulator's `POST /v1/orders/{id}/advance` body: the state to move to,
/// or none for the next one along the path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advance {
    #[serde(default)]
    pub to: Option<TrackingState>,
}

/// The simulator's answer to an advance: the event, and the status motcua's
/// webhook answered it with (`None`: no webhook configured, or it could not be reached).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advanced {
    pub event: TrackingEvent,
    pub webhook_status: Option<u16>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_kebab_case_on_the_wire() {
        for s in TrackingState::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
            assert_eq!(serde_json::from_str::<TrackingState>(&json).unwrap(), s);
        }
        assert_eq!(
            serde_json::to_string(&TrackingState::FailedAttempt).unwrap(),
            "\"failed-attempt\""
        );
    }

    #[test]
    fn final_states_go_nowhere() {
        for s in TrackingState::ALL {
            assert_eq!(s.is_final(), s.carrier_next().is_empty(), "{s}");
        }
    }

    #[test]
    fn an_order_request_has_snake_case_fields() {
        let o = CreateOrder {
            order_number: "000.00.01.H13-251127-0001".into(),
            receiver: Receiver {
                name: "Nguyễn Văn An".into(),
                address: "12 Lý Tự Trọng".into(),
                ward: "Phường Ninh Kiều".into(),
                phone: "0912345678".into(),
            },
            postage: 25_000,
            cod: 0,
            tracking_code: None,
            note: String::new(),
        };
        let v = serde_json::to_value(&o).unwrap();
        assert_eq!(v["order_number"], "000.00.01.H13-251127-0001");
        assert_eq!(v["receiver"]["phone"], "0912345678");
        assert!(v["tracking_code"].is_null());
        assert_eq!(serde_json::from_value::<CreateOrder>(v).unwrap(), o);
    }
}
