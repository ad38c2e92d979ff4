//! `POST /ho-so/{code}/buu-chinh`: the counter or the postal employee sends a
//! settled dossier's result by post from the dossier page; a refusal comes
//! back on the page with what was typed.

use axum::extract::{Form, Path, State};
use axum::response::Response;
use serde::Deserialize;

use super::offers::Typed;
use crate::auth::{self, PageUser};
use crate::cases::postal::ShipIn;
use crate::locale::Lang;
use crate::staff::login::signed_out_keep;
use crate::{AppState, WebError};

#[derive(Deserialize)]
pub struct ShipForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    expected_seq: i64,
    #[serde(default)]
    address: String,
    #[serde(default)]
    ward: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    cod: String,
}

impl ShipForm {
    fn fields(&self) -> Vec<(String, String)> {
        [
            ("expected_seq", self.expected_seq.to_string()),
            ("address", self.address.clone()),
            ("ward", self.ward.clone()),
            ("phone", self.phone.clone()),
            ("cod", self.cod.clone()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    fn typed(&self) -> Typed {
        Typed {
            action: "ship-by-post".into(),
            expected_seq: Some(self.expected_seq),
            ship_address: self.address.clone(),
            ship_ward: self.ward.clone(),
            ship_phone: self.phone.clone(),
            ship_cod: self.cod.clone(),
            ..Typed::default()
        }
    }
}

pub async fn ship(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: Result<PageUser, Response>,
    Path(code): Path<String>,
    Form(f): Form<ShipForm>,
) -> Result<Response, WebError> {
    let user = match user {
        Ok(u) => u,
        Err(r) => {
            let path = format!("/ho-so/{}/buu-chinh", auth::urlencode(&code));
            return Ok(signed_out_keep(r, l, &path, f.fields()));
        }
    };
    user.check_csrf(&f.csrf)?;
    let cod = match f.cod.trim() {
        "" => Ok(0),
        x => x.parse::<i64>().map_err(|_| {
            crate::input::invalid(
                "cod",
                motcua_domain::i18n::Message::new("postal-cod-range")
                    .with("max", crate::input::max::AMOUNT),
            )
        }),
    };
    let done = match cod {
        Ok(cod) => crate::cases::postal::ship(
            &state,
            &user.principal,
            &code,
            Some(f.expected_seq),
            ShipIn {
                address: f.address.clone(),
                ward: f.ward.clone(),
                phone: f.phone.clone(),
                cod,
            },
        )
        .await
        .map(|_| ()),
        Err(e) => Err(e),
    };
    super::after_post(&state, l, &user, &code, done, f.typed(), "#postal").await
}
