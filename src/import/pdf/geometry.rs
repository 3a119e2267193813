//! The PDF coordinate algebra the content walk needs: 2-D affine matrices.

use super::*;

pub(super) type Matrix = [f32; 6];

pub(super) const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a` then `b` (row vectors: p · a · b).
pub(super) fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

pub(super) fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

pub(super) fn num(o: &Object) -> f32 {
    o.as_float().unwrap_or(0.0)
}

pub(super) fn matrix_of(ops: &[Object]) -> Option<Matrix> {
    (ops.len() == 6).then(|| {
        let v: Vec<f32> = ops.iter().map(num).collect();
        [v[0], v[1], v[2], v[3], v[4], v[5]]
    })
}
