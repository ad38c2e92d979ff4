//! The staff bar of every staff page, and staff names as screens show them.

use motcua_calendar::from_timestamp;

use crate::auth::PageUser;
use crate::{AppState, WebError};

/// What the staff bar of every staff page shows.
pub struct Bar {
    pub user: String,
    /// The user's full name (the login when no staff record names them).
    pub name: String,
    pub csrf: String,
    /// The centers the user works at today.
    pub centers: String,
    /// Whether the user works a counter (reception or postal).
    pub counter: bool,
}

impl Bar {
    pub async fn of(state: &AppState, user: &PageUser) -> Result<Bar, WebError> {
        let p = &user.principal;
        let mut names: Vec<String> = Vec::new();
        for posting in &p.postings {
            if let Some(c) = state.store.center(posting.center_id).await? {
                if !names.contains(&c.name) {
                    names.push(c.name);
                }
            }
        }
        let name = state
            .store
            .account_names(&[p.account.id])
            .await?
            .remove(&p.account.id)
            .unwrap_or_else(|| p.account.username.clone());
        Ok(Bar {
            name,
            user: p.account.username.clone(),
            csrf: user.csrf.clone(),
            centers: names.join(", "),
            counter: p.postings.iter().any(|x| x.role.works_at_counter()),
        })
    }
}

/// Staff names by account, as people are shown on screens: full names, not
/// logins. Filled per center on first need; an account without a posting
/// there falls back to its login.
#[derive(Default)]
pub(crate) struct Names {
    pub(crate) by_account: std::collections::HashMap<i64, String>,
    centers_read: std::collections::HashSet<i64>,
}

impl Names {
    /// Learns the names of the staff posted at `center_id` today.
    pub(crate) async fn at(
        &mut self,
        state: &AppState,
        center_id: i64,
    ) -> Result<Vec<motcua_store::Posting>, WebError> {
        let staff = state
            .store
            .staff_at(center_id, from_timestamp(state.now()).date())
            .await?;
        if self.centers_read.insert(center_id) {
            for s in &staff {
                if let Some(a) = s.account_id {
                    self.by_account
                        .entry(a)
                        .or_insert_with(|| s.full_name.clone());
                }
            }
        }
        Ok(staff)
    }

    pub(crate) async fn of(
        &mut self,
        state: &AppState,
        account_id: i64,
    ) -> Result<String, WebError> {
        if let Some(n) = self.by_account.get(&account_id) {
            return Ok(n.clone());
        }
        let name = state
            .store
            .account_names(&[account_id])
            .await?
            .remove(&account_id)
            .unwrap_or_else(|| format!("#{account_id}"));
        self.by_account.insert(account_id, name.clone());
        Ok(name)
    }
}
