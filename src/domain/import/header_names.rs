//! Column headers people write in Italian, Russian and Vietnamese, for every field a CSV
//! column can feed, and the folding that compares a header with them (and with the English
//! names and aliases): case, accents (Città = citta, Điện thoại = dien thoai, ё = е) and the
//! spaces and punctuation between words (Эл. почта = эл почта) do not count.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::mapping::Field;
use crate::domain::models::identities::IdentityChannel as C;
use crate::domain::models::leads::fields::LeadColumn as L;

/// A header as compared: lower case, without accents, words joined by one `_`.
pub fn fold(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for c in header.trim().to_lowercase().nfd() {
        let c = match c {
            // Vietnamese đ is a letter of its own, not d with a mark.
            'đ' => 'd',
            c if is_combining_mark(c) => continue,
            c => c,
        };
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The field a (folded) header names in Italian, Russian or Vietnamese.
pub fn local(folded: &str) -> Option<Field> {
    LOCAL
        .iter()
        .find(|(names, _)| names.iter().any(|n| fold(n) == folded))
        .map(|(_, f)| *f)
}

/// Usual headers per field, as people write them: Italian, then Russian, then Vietnamese.
/// A header may name one field only; a surname column (Cognome, Фамилия, Họ) names none,
/// since the contact is one full name.
#[rustfmt::skip]
const LOCAL: &[(&[&str], Field)] = &[
    (
        &["ID esterno", "Codice", "Внешний ID", "Внешний код", "Код", "Mã", "Mã tham chiếu", "ID ngoài"],
        Field::Column(L::ExternalId),
    ),
    (
        &["Tipo", "Тип", "Loại"],
        Field::Kind,
    ),
    (
        &[
            "Titolo", "Oggetto", "Opportunità", "Trattativa",
            "Название", "Название сделки", "Заголовок", "Сделка", "Лид", "Тема",
            "Tiêu đề", "Tên cơ hội", "Cơ hội",
        ],
        Field::Column(L::Title),
    ),
    (
        &[
            "Nome", "Nome e cognome", "Nominativo", "Contatto", "Referente", "Persona di contatto",
            "Имя", "ФИО", "Ф.И.О.", "Контакт", "Контактное лицо",
            "Tên", "Họ và tên", "Họ tên", "Người liên hệ", "Liên hệ", "Tên khách hàng",
        ],
        Field::Column(L::ContactName),
    ),
    (
        &[
            "Azienda", "Società", "Ragione sociale", "Ditta", "Impresa",
            "Компания", "Организация", "Название компании", "Наименование организации",
            "Công ty", "Tên công ty", "Doanh nghiệp", "Tổ chức",
        ],
        Field::Column(L::CompanyName),
    ),
    (
        &[
            "Posta elettronica", "Indirizzo email", "Indirizzo e-mail",
            "Эл. почта", "Электронная почта", "Почта", "Е-mail", "Емейл", "Имейл",
            "Thư điện tử", "Địa chỉ email",
        ],
        Field::Column(L::Email),
    ),
    (
        &[
            "Telefono", "Tel.", "Numero di telefono", "Telefono fisso",
            "Телефон", "Тел.", "Рабочий телефон", "Номер телефона",
            "Điện thoại", "Số điện thoại", "SĐT", "ĐT", "Điện thoại bàn",
        ],
        Field::Column(L::Phone),
    ),
    (
        &[
            "Cellulare", "Cell.", "Telefono cellulare",
            "Мобильный", "Мобильный телефон", "Сотовый", "Моб.",
            "Di động", "Số di động", "Điện thoại di động",
        ],
        Field::Column(L::Mobile),
    ),
    (
        &["Indirizzo", "Via", "Адрес", "Улица", "Địa chỉ", "Đường"],
        Field::Column(L::Street),
    ),
    (
        &["Indirizzo 2", "Адрес 2", "Địa chỉ 2", "Street 2"],
        Field::Column(L::Street2),
    ),
    (
        &["Città", "Comune", "Località", "Город", "Населённый пункт", "Thành phố"],
        Field::Column(L::City),
    ),
    (
        &["CAP", "Codice postale", "Индекс", "Почтовый индекс", "Mã bưu điện", "Mã bưu chính"],
        Field::Column(L::Zip),
    ),
    (
        &["Provincia", "Regione", "Регион", "Область", "Tỉnh", "Tỉnh/Thành", "Tỉnh thành"],
        Field::Column(L::State),
    ),
    (
        &["Paese", "Nazione", "Страна", "Quốc gia", "Nước"],
        Field::Column(L::Country),
    ),
    (
        &["Sito", "Sito web", "Сайт", "Веб-сайт", "Trang web"],
        Field::Column(L::Website),
    ),
    (
        &[
            "Note", "Descrizione", "Commento",
            "Комментарий", "Описание", "Примечание", "Заметки",
            "Ghi chú", "Mô tả", "Nhận xét",
        ],
        Field::Column(L::Description),
    ),
    (
        &[
            "Ricavo atteso", "Importo", "Valore", "Fatturato previsto",
            "Сумма", "Бюджет", "Сумма сделки", "Ожидаемая выручка",
            "Doanh thu dự kiến", "Giá trị", "Số tiền",
        ],
        Field::Column(L::ExpectedRevenue),
    ),
    (
        &["Probabilità", "Вероятность", "Xác suất"],
        Field::Column(L::Probability),
    ),
    (
        &["Priorità", "Приоритет", "Ưu tiên", "Mức ưu tiên"],
        Field::Column(L::Priority),
    ),
    (
        &["Fonte", "Origine", "Canale", "Источник", "Канал", "Nguồn", "Kênh"],
        Field::Column(L::SourceChannel),
    ),
    (
        &[
            "Fase", "Fase di vendita", "Stadio",
            "Стадия", "Этап", "Этап сделки", "Статус",
            "Giai đoạn", "Trạng thái",
        ],
        Field::Stage,
    ),
    (
        &[
            "Commerciale", "Venditore", "Agente", "Responsabile", "Assegnato a",
            "Ответственный", "Менеджер", "Продавец",
            "Nhân viên kinh doanh", "NVKD", "Nhân viên phụ trách", "Người phụ trách", "Phụ trách",
        ],
        Field::Salesperson,
    ),
    (
        &[
            "Squadra", "Team di vendita", "Gruppo",
            "Команда", "Отдел", "Отдел продаж",
            "Nhóm", "Đội", "Nhóm kinh doanh",
        ],
        Field::Team,
    ),
    (
        &["Etichette", "Etichetta", "Теги", "Тег", "Метки", "Thẻ", "Nhãn"],
        Field::Tags,
    ),
    (
        &["Messaggistica", "Мессенджеры", "Ứng dụng nhắn tin"],
        Field::Messengers,
    ),
    (
        &["Attivo", "Активен", "Активный", "Hoạt động"],
        Field::Active,
    ),
    (
        &[
            "Motivo perdita", "Motivo della perdita",
            "Причина отказа", "Причина проигрыша", "Причина закрытия",
            "Lý do thất bại", "Lý do mất",
        ],
        Field::LostReason,
    ),
    (
        &[
            "Data creazione", "Data di creazione", "Creato il",
            "Дата создания", "Создано", "Создан",
            "Ngày tạo",
        ],
        Field::CreatedAt,
    ),
    (&["Телеграм", "Телеграмм"], Field::Channel(C::Telegram)),
    (&["Ватсап", "Вотсап"], Field::Channel(C::WhatsApp)),
    (&["Вайбер"], Field::Channel(C::Viber)),
    (&["ВКонтакте", "ВК"], Field::Channel(C::Vk)),
    (&["Авито"], Field::Channel(C::Avito)),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_the_gaps_between_words() {
        assert_eq!(fold(" Città "), "citta");
        assert_eq!(fold("Điện thoại"), "dien_thoai");
        assert_eq!(fold("Эл. почта"), "эл_почта");
        assert_eq!(fold("Населённый  пункт"), "населенныи_пункт");
        assert_eq!(fold("E-mail"), "e_mail");
    }

    #[test]
    fn every_local_header_names_one_field() {
        let mut seen = std::collections::HashMap::new();
        for (names, field) in LOCAL {
            for name in *names {
                let before = seen.insert(fold(name), *field);
                assert!(before.is_none_or(|f| f == *field), "{name}");
                assert_eq!(local(&fold(name)), Some(*field), "{name}");
            }
        }
    }
}
