//! The demo's companies: the named ones of each market with their web domains, and the
//! words generated company names are made of.

use super::Market;

impl Market {
    /// Companies: (name as written, web domain).
    pub fn companies(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Market::Italy => &[
                ("Rossi Costruzioni S.r.l.", "rossicostruzioni.it"),
                ("Ferramenta Colombo SNC", "ferramentacolombo.it"),
                ("Ottica Greco S.r.l.", "otticagreco.it"),
                ("Tessuti Conti S.p.A.", "tessuticonti.it"),
                ("Studio Marino & Associati", "studiomarino.it"),
            ],
            Market::Russia => &[
                ("ООО «Вектор»", "vektor-group.ru"),
                ("АО «СеверСталь-Сервис»", "severservis.ru"),
                ("ООО «Техноплюс»", "tehnoplus.ru"),
                ("ЗАО «Волга Логистик»", "volgalog.ru"),
            ],
            Market::Vietnam => &[
                ("Công ty TNHH Minh Phát", "minhphat.vn"),
                ("Công ty cổ phần Sao Việt", "saoviet.com.vn"),
                ("Công ty TNHH Hải Đăng", "haidang.vn"),
                ("CTCP Thành Công", "thanhcong.com.vn"),
            ],
            Market::Us => &[
                ("Blue Harbor Inc.", "blueharbor.com"),
                ("Summit Analytics LLC", "summitanalytics.com"),
                ("Redwood Supply Co.", "redwoodsupply.com"),
            ],
            Market::Uk => &[
                ("Kestrel Partners Ltd", "kestrelpartners.co.uk"),
                ("Thames Office Supplies Ltd", "thamesoffice.co.uk"),
                ("Northgate Foods plc", "northgatefoods.co.uk"),
            ],
        }
    }

    /// Words companies are named with: (industries, legal forms, top-level domain).
    pub fn company_words(self) -> CompanyWords {
        match self {
            Market::Italy => ITALY,
            Market::Russia => RUSSIA,
            Market::Vietnam => VIETNAM,
            Market::Us => US,
            Market::Uk => UK,
        }
    }
}

/// Words companies are named with in a market: (industries, legal forms, top-level domain).
type CompanyWords = (
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
);

const ITALY: CompanyWords = (
    &[
        "Arredi",
        "Costruzioni",
        "Impianti",
        "Trasporti",
        "Forniture",
        "Servizi",
        "Tessuti",
        "Elettronica",
        "Logistica",
        "Alimentari",
    ],
    &["S.r.l.", "S.p.A.", "SNC", "S.a.s."],
    "it",
);

const RUSSIA: CompanyWords = (
    &[
        "Техно",
        "Строй",
        "Агро",
        "Энерго",
        "Мед",
        "Транс",
        "Проф",
        "Инвест",
        "Хим",
        "Спец",
        "Гео",
        "Электро",
    ],
    &["ООО", "АО", "ЗАО"],
    "ru",
);

const VIETNAM: CompanyWords = (
    &[
        "Xây dựng",
        "Thương mại",
        "Công nghệ",
        "Vận tải",
        "Thực phẩm",
        "Nội thất",
        "Điện tử",
        "Dịch vụ",
    ],
    &["Công ty TNHH", "Công ty cổ phần", "CTCP"],
    "vn",
);

const US: CompanyWords = (
    &[
        "Supply",
        "Analytics",
        "Logistics",
        "Foods",
        "Partners",
        "Engineering",
        "Consulting",
        "Media",
        "Systems",
        "Holdings",
    ],
    &["Inc.", "LLC", "Co."],
    "com",
);

const UK: CompanyWords = (
    &[
        "Supplies",
        "Analytics",
        "Logistics",
        "Foods",
        "Partners",
        "Engineering",
        "Consulting",
        "Media",
        "Systems",
        "Holdings",
    ],
    &["Ltd", "plc", "LLP"],
    "co.uk",
);
