//! 台账 exports read back: CSV (with its BOM) and XLSX give the same rows,
//! those rows are the orders the API shows, filters narrow them, and only
//! those who see the figures may download them.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

/// Downloads an export: status, the rows it announced, and its bytes.
async fn download(app: &TestApp, s: &Session, path: &str) -> (StatusCode, Option<u64>, Vec<u8>) {
    let resp = app
        .client
        .get(app.url(path))
        .bearer_auth(&s.token)
        .send()
        .await
        .expect("download");
    let status = resp.status();
    let rows = resp
        .headers()
        .get("x-linli-rows")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    (status, rows, resp.bytes().await.expect("body").to_vec())
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.expect("a CSV row").iter().map(str::to_string).collect())
        .collect()
}

fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .expect("an XLSX file");
    let range = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    // A moment is an Excel date: read back as the CSV writes it.
                    calamine::Data::DateTime(d) => {
                        let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                            .expect("a date")
                            .and_hms_opt(0, 0, 0)
                            .expect("a time");
                        let seconds = (d.as_f64() * 86_400.0).round() as i64;
                        (epoch + chrono::Duration::seconds(seconds))
                            .format("%Y-%m-%d %H:%M")
                            .to_string()
                    }
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_orders_come_out_the_same_in_csv_and_xlsx_and_as_the_api_shows_them() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let (status, announced, csv) = download(&app, &committee, "/exports/orders").await;
    assert_eq!(status, StatusCode::OK);
    let rows = csv_rows(&csv);
    assert_eq!(
        rows[0][..6],
        ["工单编号", "社区", "类型", "服务类别", "标题", "状态"]
    );
    assert_eq!(rows[0].len(), 16);
    let (_, list) = app.get(&committee, "/orders?per_page=100").await;
    let orders = list["items"].as_array().expect("orders").clone();
    assert_eq!(announced, Some(orders.len() as u64));
    assert_eq!(rows.len() - 1, orders.len(), "one row per order");
    for o in &orders {
        let number = o["number"].as_str().expect("number");
        let row = rows
            .iter()
            .find(|r| r[0] == number)
            .unwrap_or_else(|| panic!("{number} exported"));
        let full = app.order(&committee, o["id"].as_i64().expect("id")).await;
        assert_eq!(row[1], "幸福社区");
        assert_eq!(
            row[4],
            full["title"].as_str().unwrap_or_default(),
            "{row:?}"
        );
        assert_eq!(
            row[6],
            full["requester"]["name"].as_str().unwrap_or_default(),
            "{row:?}"
        );
        match full["rating"].as_i64() {
            Some(r) => assert_eq!(row[14], r.to_string()),
            None => assert_eq!(row[14], ""),
        }
    }

    // The same rows as XLSX, with its length.
    let (status, announced_x, xlsx) =
        download(&app, &committee, "/exports/orders?format=xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(announced_x, announced);
    assert!(xlsx.starts_with(b"PK\x03\x04"));
    assert_eq!(xlsx_rows(&xlsx), rows, "XLSX and CSV agree cell by cell");
    // The times are Excel dates (they sort and filter as dates), not text.
    {
        use calamine::Reader;
        let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(xlsx.clone()))
            .expect("an XLSX file");
        let range = book
            .worksheet_range_at(0)
            .expect("a sheet")
            .expect("readable");
        let created = range.get((1, 8)).expect("a 下单时间 cell");
        assert!(
            matches!(created, calamine::Data::DateTime(_)),
            "下单时间 is a date: {created:?}"
        );
    }

    // A period with nothing in it: the header alone.
    let (_, n, empty) = download(
        &app,
        &committee,
        "/exports/orders?from=2020-01-01&to=2020-02-01",
    )
    .await;
    assert_eq!(n, Some(0));
    assert_eq!(csv_rows(&empty).len(), 1);
}

#[tokio::test]
async fn only_those_who_see_the_figures_download_them_and_bad_requests_are_told() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    for path in ["/exports/orders", "/exports/assessment", "/exports/points"] {
        let (status, _, _) = download(&app, &app.login(RESIDENT).await, path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        let (status, _) = app.send(reqwest::Method::GET, None, path, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        let (status, _, _) = download(&app, &committee, &format!("{path}?community_id=2")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    for bad in [
        "format=pdf",
        "from=yesterday",
        "from=2026-02-01&to=2026-01-01",
    ] {
        let (status, _, body) = download(&app, &committee, &format!("/exports/orders?{bad}")).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{bad}: {}",
            String::from_utf8_lossy(&body)
        );
    }
    let (status, _, _) = download(&app, &committee, "/exports/assessment?period=2026-Q9").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // A street officer downloads the street's orders: both communities.
    let officer = app.login(DONGGUAN_OFFICER).await;
    let (status, _, xlsx) = download(&app, &officer, "/exports/orders?format=xlsx").await;
    assert_eq!(status, StatusCode::OK);
    let communities: std::collections::BTreeSet<String> = xlsx_rows(&xlsx)
        .into_iter()
        .skip(1)
        .map(|r| r[1].clone())
        .collect();
    assert!(communities.len() >= 2, "{communities:?}");

    // And from a day on (the desk's 本季度 asks from the quarter's first
    // day): exactly the rows placed from then, as the whole history shows them.
    let all = xlsx_rows(&xlsx);
    let mut placed: Vec<&str> = all.iter().skip(1).map(|r| r[8].as_str()).collect();
    placed.sort_unstable();
    let since = placed[placed.len() / 2];
    let from = format!("{}T{}:00%2B08:00", &since[..10], &since[11..]);
    let (status, n, part) = download(
        &app,
        &officer,
        &format!("/exports/orders?format=xlsx&from={from}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut expected: Vec<Vec<String>> = all
        .iter()
        .skip(1)
        .filter(|r| r[8].as_str() >= since)
        .cloned()
        .collect();
    let mut got: Vec<Vec<String>> = xlsx_rows(&part).into_iter().skip(1).collect();
    expected.sort();
    got.sort();
    assert_eq!(n, Some(got.len() as u64));
    assert!(!got.is_empty(), "the rows from {since}");
    assert_eq!(got, expected, "the rows placed from {since}");
}

#[tokio::test]
async fn the_assessment_and_the_points_come_out_as_the_api_counts_them() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let (_, assessment) = app.get(&committee, "/assessment").await;
    let (status, n, bytes) = download(&app, &committee, "/exports/assessment?format=xlsx").await;
    assert_eq!(status, StatusCode::OK);
    let rows = xlsx_rows(&bytes);
    let items = assessment["items"].as_array().expect("items");
    assert_eq!(n, Some(items.len() as u64));
    for item in items {
        let name = item["unit"]["name"].as_str().expect("name");
        let row = rows.iter().find(|r| r[1] == name).expect("the unit's row");
        assert_eq!(row[0], item["rank"].to_string());
        assert_eq!(row[3], item["dispatched"].to_string());
        assert_eq!(row[4], item["accepted"].to_string());
    }

    // Points: each person's entries sum to their balance.
    let doctor = app.login(DOCTOR).await;
    let balance = app.points(&doctor).await;
    let (status, _, csv) = download(&app, &committee, "/exports/points").await;
    assert_eq!(status, StatusCode::OK);
    let rows = csv_rows(&csv);
    assert_eq!(rows[0][..3], ["时间", "姓名", "积分变动"]);
    let sum: i64 = rows
        .iter()
        .skip(1)
        .filter(|r| r[1] == "刘医生")
        .map(|r| r[2].parse::<i64>().expect("a number"))
        .sum();
    assert_eq!(sum, balance);
    let (_, mine) = app.get(&doctor, "/points").await;
    let entries = mine["ledger"].as_array().map_or(0, Vec::len);
    assert_eq!(rows.iter().filter(|r| r[1] == "刘医生").count(), entries);
    let _: Value = mine;
}
