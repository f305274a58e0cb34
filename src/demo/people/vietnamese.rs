//! Vietnamese names for the demo: given names, family names and middle names, the most
//! common first.

/// Given names.
pub const GIVEN: &[&str] = &[
    "Minh", "Hương", "Anh", "Linh", "Hùng", "Lan", "Tuấn", "Mai", "Dũng", "Ngọc", "Quang", "Thảo",
    "Khoa", "Trang", "Bảo", "An", "Bình", "Chi", "Cường", "Duy", "Giang", "Hà", "Hải", "Hạnh",
    "Hiếu", "Hoa", "Hòa", "Huy", "Long", "Nam", "Nhung", "Phong", "Phúc", "Phương", "Quân", "Sơn",
    "Tâm", "Thắng", "Trung", "Tú", "Vân", "Việt", "Yến",
];

/// Family names.
pub const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];

/// Middle names.
pub const MIDDLE: &[&str] = &[
    "Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Quốc", "Xuân", "Hoài",
];
