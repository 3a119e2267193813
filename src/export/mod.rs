//! What leaves nianbao: the sign-off PDF and the machine-readable JSON copy.

pub mod json;
pub mod layout;
pub mod pdf;
