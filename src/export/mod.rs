//! What leaves nianbao: the machine-readable JSON copy (and, later, the PDF).

pub mod json;
