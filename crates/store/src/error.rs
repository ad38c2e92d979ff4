/// Errors of the storage layer. `Backend` carries the database's own error,
/// which is logged, never shown to users.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Config(String),
    #[error("already exists: {0}")]
    Conflict(String),
    #[error("refers to something that does not exist: {0}")]
    Dangling(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Backend(#[source] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e {
            match db.kind() {
                sqlx::error::ErrorKind::UniqueViolation => {
                    return StoreError::Conflict(db.message().to_string())
                }
                sqlx::error::ErrorKind::ForeignKeyViolation => {
                    return StoreError::Dangling(db.message().to_string())
                }
                _ => {}
            }
        }
        StoreError::Backend(e)
    }
}
