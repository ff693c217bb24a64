//! The hotline's spreadsheet imported on the desk: a preview of every row's
//! problem that writes nothing, then every good row in one go; CSV and XLSX
//! (with Excel's own dates); importing again places nothing twice.

use crate::helpers::*;
use crate::hotline::{hotline_key, push, work_order};
use reqwest::StatusCode;
use serde_json::{json, Value};

const HEADER: &str = "工单编号,来电时间,诉求类型,诉求标题,诉求内容,地址,来电人,联系电话,办理时限";

/// 1,000 rows, of which rows 11, 101, 501 (a bad phone, no title, a bad
/// time) and 901 (a number seen before in the file) are wrong.
fn thousand_rows() -> String {
    let mut csv = format!("\u{feff}{HEADER}\n");
    for i in 0..1000 {
        let row = i + 2;
        let number = if row == 901 {
            "RX-0000".to_string()
        } else {
            format!("RX-{i:04}")
        };
        let phone = if row == 11 {
            "123".to_string()
        } else {
            format!("1370001{:04}", i % 300)
        };
        let title = if row == 101 {
            String::new()
        } else {
            format!("\"路灯不亮, 第{i}号\"")
        };
        let time = if row == 501 {
            "昨天"
        } else {
            "2026/12/01 08:15"
        };
        let kind = ["环境卫生", "设施报修", "", "其他"][i % 4];
        csv.push_str(&format!(
            "{number},{time},{kind},{title},小区东门路灯不亮,{}号楼,市民{i},{phone},2026-12-10\n",
            i % 30 + 1
        ));
    }
    csv
}

fn rows_of(preview: &Value) -> Vec<Value> {
    preview["rows"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_thousand_rows_are_previewed_with_their_problems_then_placed_at_once() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let csv = thousand_rows();

    // Not for residents; not without a file; not without the columns.
    let resident = app.login(RESIDENT).await;
    let (status, _) = app
        .multipart(
            "/hotline/imports",
            Some(&resident),
            "file",
            "h.csv",
            csv.as_bytes(),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = app
        .multipart(
            "/hotline/imports",
            Some(&committee),
            "other",
            "h.csv",
            csv.as_bytes(),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = app
        .multipart(
            "/hotline/imports",
            Some(&committee),
            "file",
            "h.csv",
            "姓名,手机号\n张三,13700000001\n".as_bytes(),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("工单编号"));

    let (status, preview) = app
        .multipart(
            "/hotline/imports",
            Some(&committee),
            "file",
            "h.csv",
            csv.as_bytes(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let rows = rows_of(&preview);
    assert_eq!(rows.len(), 1000);
    let bad: Vec<(i64, String)> = rows
        .iter()
        .filter(|r| r["ok"] == false)
        .map(|r| {
            (
                r["row"].as_i64().unwrap_or(0),
                r["error"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        bad.iter().map(|b| b.0).collect::<Vec<_>>(),
        [11, 101, 501, 901],
        "{bad:?}"
    );
    assert!(
        bad[0].1.contains("phone") && bad[1].1.contains("title"),
        "{bad:?}"
    );
    assert!(
        bad[2].1.contains("received_at") && bad[3].1.contains("twice"),
        "{bad:?}"
    );
    // Nothing written yet.
    let (_, list) = app
        .get(&committee, "/orders?scope=community&per_page=1")
        .await;
    let before = list["total"].as_i64().expect("total");

    // Another community's committee cannot commit it.
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let id = preview["id"].as_i64().expect("id");
    let (status, _) = app
        .post(&hexie, &format!("/hotline/imports/{id}/commit"), json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, done) = app
        .post(
            &committee,
            &format!("/hotline/imports/{id}/commit"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(
        (done["created"].as_i64(), done["existing"].as_i64()),
        (Some(996), Some(0))
    );
    let (_, list) = app
        .get(&committee, "/orders?scope=community&per_page=1")
        .await;
    assert_eq!(list["total"].as_i64(), Some(before + 996));
    let first = app
        .order(&committee, done["orders"][0].as_i64().expect("id"))
        .await;
    assert_eq!(first["channel"], "hotline");
    assert_eq!(first["hotline_number"], "RX-0000");
    assert_eq!(first["title"], "路灯不亮, 第0号");
    assert_eq!(first["category"]["code"], "environment");
    assert_eq!(
        time(&first["due_at"]).to_rfc3339(),
        "2026-12-10T16:00:00+00:00"
    );
    assert_eq!(first["timeline"][0]["actor"]["id"], committee.user_id);
    let other = app
        .order(&committee, done["orders"][3].as_i64().expect("id"))
        .await;
    assert_eq!(
        other["category"]["code"], "hotline_12345",
        "其他 is no category of ours"
    );

    // Once only; and the same file again places nothing.
    let (status, _) = app
        .post(
            &committee,
            &format!("/hotline/imports/{id}/commit"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, again) = app
        .multipart(
            "/hotline/imports",
            Some(&committee),
            "file",
            "h.csv",
            csv.as_bytes(),
        )
        .await;
    assert_eq!(
        rows_of(&again)
            .iter()
            .filter(|r| r["existing"] == true)
            .count(),
        996
    );
    let id = again["id"].as_i64().expect("id");
    let (_, done) = app
        .post(
            &committee,
            &format!("/hotline/imports/{id}/commit"),
            json!({}),
        )
        .await;
    assert_eq!(done["created"], 0, "{done}");
}

#[tokio::test]
async fn an_excel_sheet_with_dates_imports_and_its_results_go_back_through_the_hotline_key() {
    let (url, fake) = crate::fake_hotline::fake_hotline().await;
    let app = spawn_app().await;
    let (key, secret) = hotline_key(&app, Some(&url)).await;
    crate::fake_hotline::lock(&fake).secret = secret.clone();
    let committee = app.login(COMMITTEE).await;
    // One pushed before: the sheet's row of it is counted, not placed.
    push(&app, &key, &secret, &work_order("XL-2", "13700000031")).await;

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (c, h) in HEADER.split(',').enumerate() {
        sheet.write_string(0, c as u16, h).expect("header");
    }
    let called =
        rust_xlsxwriter::ExcelDateTime::parse_from_str("2026-12-04 09:30:00").expect("date");
    let due = rust_xlsxwriter::ExcelDateTime::parse_from_str("2026-12-06 17:00:00").expect("date");
    for (r, number) in [(1u32, "XL-1"), (2, "XL-2")] {
        sheet.write_string(r, 0, number).expect("cell");
        sheet
            .write_datetime_with_format(r, 1, &called, &date)
            .expect("cell");
        sheet.write_string(r, 2, "设施报修").expect("cell");
        sheet.write_string(r, 3, "电梯故障").expect("cell");
        sheet
            .write_string(r, 4, "2号楼电梯停在8层不动")
            .expect("cell");
        sheet.write_number(r, 7, 13_700_000_031.0).expect("cell");
        sheet
            .write_datetime_with_format(r, 8, &due, &date)
            .expect("cell");
    }
    let bytes = book.save_to_buffer().expect("xlsx");
    let (status, preview) = app
        .multipart(
            "/hotline/imports",
            Some(&committee),
            "file",
            "h.xlsx",
            &bytes,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let rows = rows_of(&preview);
    assert!(rows.iter().all(|r| r["ok"] == true), "{preview}");
    assert_eq!(rows[1]["existing"], true);
    let id = preview["id"].as_i64().expect("id");
    let (_, done) = app
        .post(
            &committee,
            &format!("/hotline/imports/{id}/commit"),
            json!({}),
        )
        .await;
    assert_eq!(
        (done["created"].as_i64(), done["existing"].as_i64()),
        (Some(1), Some(1)),
        "{done}"
    );
    let order = done["orders"][0].as_i64().expect("id");
    let seen = app.order(&committee, order).await;
    assert_eq!(seen["category"]["code"], "facility_repair");
    assert_eq!(seen["requester"]["phone"], "13700000031");
    assert_eq!(
        time(&seen["due_at"]).to_rfc3339(),
        "2026-12-06T09:00:00+00:00"
    );

    // Its result goes back through the community's hotline key.
    app.ok(
        &committee,
        order,
        json!({"action": "cancel", "reason": "已由物业处理"}),
    )
    .await;
    assert_eq!(app.run_jobs().await.hotline_sent, 1);
    let kept = crate::fake_hotline::lock(&fake).kept();
    assert_eq!(kept[0]["hotline_number"], "XL-1");
    assert_eq!(kept[0]["event"], "cancelled");
}
