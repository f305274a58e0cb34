//! Column headers people write in Italian, Russian and Vietnamese, for every field a CSV
//! column can feed, and the folding that compares a header with them (and with the English
//! names and aliases): case, accents (Città = citta, Điện thoại = dien thoai, ё = е) and the
//! spaces and punctuation between words (Эл. почта = эл почта) do not count.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

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

/// The name of the field (as `mapping::Field::as_str` writes it) a folded header names in
/// Italian, Russian or Vietnamese.
pub fn local(folded: &str) -> Option<&'static str> {
    LOCAL
        .iter()
        .find(|(names, _)| names.iter().any(|n| fold(n) == folded))
        .map(|(_, f)| *f)
}

/// Usual headers per field, as people write them: Italian, then Russian, then Vietnamese.
/// A header may name one field only; a surname column (Cognome, Фамилия, Họ) names none,
/// since the contact is one full name.
#[rustfmt::skip]
const LOCAL: &[(&[&str], &str)] = &[
    (
        &["ID esterno", "Codice", "Внешний ID", "Внешний код", "Код", "Mã", "Mã tham chiếu", "ID ngoài"],
        "external_id",
    ),
    (
        &["Tipo", "Тип", "Loại"],
        "kind",
    ),
    (
        &[
            "Titolo", "Oggetto", "Opportunità", "Trattativa",
            "Название", "Название сделки", "Заголовок", "Сделка", "Лид", "Тема",
            "Tiêu đề", "Tên cơ hội", "Cơ hội",
        ],
        "title",
    ),
    (
        &[
            "Nome", "Nome e cognome", "Nominativo", "Contatto", "Referente", "Persona di contatto",
            "Имя", "ФИО", "Ф.И.О.", "Контакт", "Контактное лицо",
            "Tên", "Họ và tên", "Họ tên", "Người liên hệ", "Liên hệ", "Tên khách hàng",
        ],
        "contact_name",
    ),
    (
        &[
            "Azienda", "Società", "Ragione sociale", "Ditta", "Impresa",
            "Компания", "Организация", "Название компании", "Наименование организации",
            "Công ty", "Tên công ty", "Doanh nghiệp", "Tổ chức",
        ],
        "company_name",
    ),
    (
        &[
            "Posta elettronica", "Indirizzo email", "Indirizzo e-mail",
            "Эл. почта", "Электронная почта", "Почта", "Е-mail", "Емейл", "Имейл",
            "Thư điện tử", "Địa chỉ email",
        ],
        "email",
    ),
    (
        &[
            "Telefono", "Tel.", "Numero di telefono", "Telefono fisso",
            "Телефон", "Тел.", "Рабочий телефон", "Номер телефона",
            "Điện thoại", "Số điện thoại", "SĐT", "ĐT", "Điện thoại bàn",
        ],
        "phone",
    ),
    (
        &[
            "Cellulare", "Cell.", "Telefono cellulare",
            "Мобильный", "Мобильный телефон", "Сотовый", "Моб.",
            "Di động", "Số di động", "Điện thoại di động",
        ],
        "mobile",
    ),
    (
        &["Indirizzo", "Via", "Адрес", "Улица", "Địa chỉ", "Đường"],
        "street",
    ),
    (
        &["Indirizzo 2", "Адрес 2", "Địa chỉ 2", "Street 2"],
        "street2",
    ),
    (
        &["Città", "Comune", "Località", "Город", "Населённый пункт", "Thành phố"],
        "city",
    ),
    (
        &["CAP", "Codice postale", "Индекс", "Почтовый индекс", "Mã bưu điện", "Mã bưu chính"],
        "zip",
    ),
    (
        &["Provincia", "Regione", "Регион", "Область", "Tỉnh", "Tỉnh/Thành", "Tỉnh thành"],
        "state",
    ),
    (
        &["Paese", "Nazione", "Страна", "Quốc gia", "Nước"],
        "country",
    ),
    (
        &["Sito", "Sito web", "Сайт", "Веб-сайт", "Trang web"],
        "website",
    ),
    (
        &[
            "Note", "Descrizione", "Commento",
            "Комментарий", "Описание", "Примечание", "Заметки",
            "Ghi chú", "Mô tả", "Nhận xét",
        ],
        "description",
    ),
    (
        &[
            "Ricavo atteso", "Importo", "Valore", "Fatturato previsto",
            "Сумма", "Бюджет", "Сумма сделки", "Ожидаемая выручка",
            "Doanh thu dự kiến", "Giá trị", "Số tiền",
        ],
        "expected_revenue",
    ),
    (
        &["Probabilità", "Вероятность", "Xác suất"],
        "probability",
    ),
    (
        &["Priorità", "Приоритет", "Ưu tiên", "Mức ưu tiên"],
        "priority",
    ),
    (
        &["Fonte", "Origine", "Canale", "Источник", "Канал", "Nguồn", "Kênh"],
        "source_channel",
    ),
    (
        &[
            "Fase", "Fase di vendita", "Stadio",
            "Стадия", "Этап", "Этап сделки", "Статус",
            "Giai đoạn", "Trạng thái",
        ],
        "stage",
    ),
    (
        &[
            "Commerciale", "Venditore", "Agente", "Responsabile", "Assegnato a",
            "Ответственный", "Менеджер", "Продавец",
            "Nhân viên kinh doanh", "NVKD", "Nhân viên phụ trách", "Người phụ trách", "Phụ trách",
        ],
        "salesperson",
    ),
    (
        &[
            "Squadra", "Team di vendita", "Gruppo",
            "Команда", "Отдел", "Отдел продаж",
            "Nhóm", "Đội", "Nhóm kinh doanh",
        ],
        "team",
    ),
    (
        &["Etichette", "Etichetta", "Теги", "Тег", "Метки", "Thẻ", "Nhãn"],
        "tags",
    ),
    (
        &["Messaggistica", "Мессенджеры", "Ứng dụng nhắn tin"],
        "messengers",
    ),
    (
        &["Attivo", "Активен", "Активный", "Hoạt động"],
        "active",
    ),
    (
        &[
            "Motivo perdita", "Motivo della perdita",
            "Причина отказа", "Причина проигрыша", "Причина закрытия",
            "Lý do thất bại", "Lý do mất",
        ],
        "lost_reason",
    ),
    (
        &[
            "Data creazione", "Data di creazione", "Creato il",
            "Дата создания", "Создано", "Создан",
            "Ngày tạo",
        ],
        "created_at",
    ),
    (&["Телеграм", "Телеграмм"], "telegram"),
    (&["Ватсап", "Вотсап"], "whatsapp"),
    (&["Вайбер"], "viber"),
    (&["ВКонтакте", "ВК"], "vk"),
    (&["Авито"], "avito"),
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
        use super::super::mapping::Field;
        let mut seen = std::collections::HashMap::new();
        for (names, field) in LOCAL {
            for name in *names {
                let before = seen.insert(fold(name), *field);
                assert!(before.is_none_or(|f| f == *field), "{name}");
                assert_eq!(local(&fold(name)), Some(*field), "{name}");
                assert!(Field::parse(field).is_some(), "{field}");
            }
        }
    }
}
