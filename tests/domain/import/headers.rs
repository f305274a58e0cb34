//! Files whose headers are written in Italian, Russian or Vietnamese map themselves: each
//! column lands in its field without a mapping by hand.

use super::{by_external_id, run};
use crate::support::TestApp;
use leadbook::db::DbConn;
use leadbook::domain::import::Policy;
use leadbook::domain::models::{stages, tags};

/// What the one row of each file holds, field by field.
struct Expected {
    id: &'static str,
    contact: &'static str,
    company: &'static str,
    email: &'static str,
    mobile_e164: &'static str,
    city: &'static str,
    zip: &'static str,
    country: &'static str,
    note: &'static str,
}

/// Imports `file` (one row) and checks every column landed in its field.
fn imports_into_the_right_fields(conn: &mut DbConn, file: &str, want: &Expected) {
    let report = run(conn, file, Policy::Create);
    assert_eq!((report.created, report.invalid), (1, 0), "{report:?}");
    let lead = by_external_id(conn, want.id);
    assert_eq!(lead.contact_name.as_deref(), Some(want.contact));
    assert_eq!(lead.company_name.as_deref(), Some(want.company));
    assert_eq!(lead.email.as_deref(), Some(want.email));
    assert!(lead.phone_e164.is_some(), "phone: {:?}", lead.phone);
    assert_eq!(lead.mobile_e164.as_deref(), Some(want.mobile_e164));
    assert_eq!(lead.address.city.as_deref(), Some(want.city));
    assert!(lead.address.street.is_some() && lead.address.state.is_some());
    assert_eq!(lead.address.zip.as_deref(), Some(want.zip));
    assert_eq!(lead.address.country.as_deref(), Some(want.country));
    assert_eq!(lead.description.as_deref(), Some(want.note));
    assert_eq!(lead.expected_revenue, 150_000);
    let sales = leadbook::domain::models::users::find_by_login(conn, "sales").unwrap();
    assert_eq!(lead.salesperson_id, Some(sales.id));
    let tag_names: Vec<String> = tags::for_lead(conn, lead.id)
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(tag_names, ["vip"]);
    let qualified = stages::list(conn)
        .unwrap()
        .into_iter()
        .find(|s| s.name == "Qualified")
        .unwrap();
    assert_eq!(lead.stage_id, Some(qualified.id));
}

#[actix_web::test]
async fn a_file_with_russian_headers_imports_into_the_right_fields() {
    let app = TestApp::spawn().await;
    let file = "\
Внешний ID,ФИО,Компания,Телефон,Мобильный,Эл. почта,Город,Адрес,Индекс,Регион,Страна,Комментарий,Сумма,Ответственный,Теги,Стадия
RU1,Иван Петров,ООО «Вектор»,+7 495 123-45-67,8 916 482 17 35,ivan@vektor.ru,Москва,ул. Ленина 1,101000,Москва,Россия,Перезвонить,1500,sales,vip,Qualified
";
    let want = Expected {
        id: "RU1",
        contact: "Иван Петров",
        company: "ООО «Вектор»",
        email: "ivan@vektor.ru",
        mobile_e164: "+79164821735",
        city: "Москва",
        zip: "101000",
        country: "RU",
        note: "Перезвонить",
    };
    imports_into_the_right_fields(&mut app.conn(), file, &want);
}

#[actix_web::test]
async fn a_file_with_italian_headers_imports_into_the_right_fields() {
    let app = TestApp::spawn().await;
    let file = "\
ID esterno,Nome,Azienda,Telefono,Cellulare,E-mail,Città,Indirizzo,CAP,Provincia,Paese,Note,Ricavo atteso,Commerciale,Etichette,Fase
IT1,Mario Bianchi,Bianchi S.r.l.,02 1234 5678,333 123 4567,mario@bianchi.it,Milano,Via Roma 1,20121,MI,Italia,Richiamare,1500,sales,vip,Qualified
";
    let want = Expected {
        id: "IT1",
        contact: "Mario Bianchi",
        company: "Bianchi S.r.l.",
        email: "mario@bianchi.it",
        mobile_e164: "+393331234567",
        city: "Milano",
        zip: "20121",
        country: "IT",
        note: "Richiamare",
    };
    imports_into_the_right_fields(&mut app.conn(), file, &want);
}

#[actix_web::test]
async fn a_file_with_vietnamese_headers_imports_into_the_right_fields() {
    let app = TestApp::spawn().await;
    // Headers as people type them: without every accent, in capitals.
    let file = "\
Mã,Họ và tên,Công ty,Số điện thoại,DI ĐỘNG,Email,Thanh pho,Địa chỉ,Mã bưu điện,Tỉnh,Quốc gia,Ghi chú,Doanh thu dự kiến,Nhân viên kinh doanh,Thẻ,Giai đoạn
VN1,Trần Thị Linh,Công ty TNHH Minh Phát,028 3822 1234,0912 345 678,linh@minhphat.vn,Hồ Chí Minh,12 Lê Lợi,700000,Hồ Chí Minh,Việt Nam,Gọi lại,1500,sales,vip,Qualified
";
    let want = Expected {
        id: "VN1",
        contact: "Trần Thị Linh",
        company: "Công ty TNHH Minh Phát",
        email: "linh@minhphat.vn",
        mobile_e164: "+84912345678",
        city: "Hồ Chí Minh",
        zip: "700000",
        country: "VN",
        note: "Gọi lại",
    };
    imports_into_the_right_fields(&mut app.conn(), file, &want);
}
