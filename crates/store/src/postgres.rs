//! PostgreSQL, for deployments that outgrow one machine: any number of
//! stateless app nodes share it.

use motcua_domain::catalog::Catalog;
use motcua_domain::org::{
    Assignment, NewAccount, NewAgency, NewCenter, NewProvince, NewStaff, NewUnit,
};
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres};

pub struct PgStore {
    write: PgPool,
    /// The same pool as `write` today; a replica can serve reads later.
    read: PgPool,
}

impl PgStore {
    pub async fn connect(url: &str) -> crate::Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .connect(url)
            .await?;
        Ok(PgStore {
            write: pool.clone(),
            read: pool,
        })
    }
}

crate::sql::sql_store!(PgStore, Postgres, Backend::Postgres, "migrations/postgres");
