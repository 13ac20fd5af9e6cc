//! A polars column of booleans, text or reals read in place: the arrow
//! array behind it, typed once, so that the writers of the household
//! files ([`super::csv_rows`], [`super::fgb`]) pay no dispatch on the
//! data type and no copy per cell.

use polars::prelude::{BooleanType, DataType, Float64Type, PolarsDataType, Series, StringType};

/// The arrow array behind a polars column of type `T`.
pub(crate) type Arr<T> = <T as PolarsDataType>::Array;

/// One column, read in place.
pub(crate) enum ArrowColumn<'a> {
    Bool(&'a Arr<BooleanType>),
    Str(&'a Arr<StringType>),
    F64(&'a Arr<Float64Type>),
}

impl<'a> ArrowColumn<'a> {
    /// The column's array; `None` for another type or a column in
    /// several chunks ([`Series::rechunk`] first).
    pub(crate) fn of(s: &'a Series) -> Option<Self> {
        if s.chunks().len() != 1 {
            return None;
        }
        Some(match s.dtype() {
            DataType::Boolean => ArrowColumn::Bool(s.bool().ok()?.downcast_as_array()),
            DataType::String => ArrowColumn::Str(s.str().ok()?.downcast_as_array()),
            DataType::Float64 => ArrowColumn::F64(s.f64().ok()?.downcast_as_array()),
            _ => return None,
        })
    }
}

/// The real of row `i`, `None` when null.
#[inline]
pub(crate) fn real(a: &Arr<Float64Type>, i: usize) -> Option<f64> {
    a.validity()
        .is_none_or(|v| v.get_bit(i))
        .then(|| a.value(i))
}
