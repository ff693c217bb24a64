//! Roster imports: previewed row by row, committed once, idempotent; CSV and XLSX.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

fn roster_xlsx(rows: &[[&str; 5]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (
                u32::try_from(r).expect("row"),
                u16::try_from(c).expect("col"),
            );
            // Phones as numbers, as Excel keeps them.
            match cell.parse::<f64>() {
                Ok(n) if c == 1 && r > 0 => sheet.write_number(r, c, n),
                _ => sheet.write_string(r, c, *cell),
            }
            .expect("cell");
        }
    }
    book.save_to_buffer().expect("xlsx")
}

#[tokio::test]
async fn a_roster_is_previewed_row_by_row_then_committed_once_and_again_adds_no_one() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let csv = "\u{feff}姓名,手机号,网格,楼栋,房号\n\
               周大爷,13800000001,第一网格,1号楼,101\n\
               ,13800000002,第一网格,1号楼,102\n\
               吴奶奶,1380000,第一网格,,\n\
               郑阿姨,13800000004,第九网格,1号楼,103\n\
               王秀英,13900000011,第一网格,2号楼,201\n\
               周大爷二,13800000001,第一网格,,\n\
               \n\
               冯叔,13800000007,,,\n";
    let (status, preview) = app
        .multipart(
            "/people/imports",
            Some(&committee),
            "file",
            "roster.csv",
            csv.as_bytes(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let rows = preview["rows"].as_array().expect("rows");
    let verdict: Vec<(i64, bool)> = rows
        .iter()
        .map(|r| {
            (
                r["row"].as_i64().expect("row"),
                r["ok"].as_bool().expect("ok"),
            )
        })
        .collect();
    assert_eq!(
        verdict,
        [
            (2, true),
            (3, false),
            (4, false),
            (5, false),
            (6, true),
            (7, false),
            (9, true)
        ],
        "{preview}"
    );
    assert!(
        rows[3]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("第九网格"),
        "{preview}"
    );
    assert!(rows[5]["error"]
        .as_str()
        .unwrap_or_default()
        .contains("twice"));
    // Nothing written yet.
    let (_, found) = app.get(&committee, "/people?q=13800000001").await;
    assert_eq!(found["total"], 0);

    let id = preview["id"].as_i64().expect("id");
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let (status, _) = app
        .post(&hexie, &format!("/people/imports/{id}/commit"), json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, result) = app
        .post(
            &committee,
            &format!("/people/imports/{id}/commit"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert_eq!(result, json!({"created": 2, "existing": 1}));
    let (status, _) = app
        .post(
            &committee,
            &format!("/people/imports/{id}/commit"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "a preview commits once");
    let (_, found) = app.get(&committee, "/people?q=13800000001").await;
    assert_eq!(found["items"][0]["roles"], json!(["resident"]), "{found}");
    assert_eq!(found["items"][0]["room"], "101");
    assert_eq!(found["items"][0]["can_sign_in"], false);

    // The same roster again, as Excel: no one new.
    let xlsx = roster_xlsx(&[
        ["姓名", "手机号", "网格", "楼栋", "房号"],
        ["周大爷", "13800000001", "第一网格", "1号楼", "101"],
        ["冯叔", "13800000007", "", "", ""],
        ["褚先生", "13800000008", "第二网格", "", "5"],
    ]);
    let (status, preview) = app
        .multipart(
            "/people/imports",
            Some(&committee),
            "file",
            "roster.xlsx",
            &xlsx,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert!(
        preview["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .all(|r| r["ok"] == true),
        "{preview}"
    );
    let id = preview["id"].as_i64().expect("id");
    let (_, result) = app
        .post(
            &committee,
            &format!("/people/imports/{id}/commit"),
            json!({}),
        )
        .await;
    assert_eq!(result, json!({"created": 1, "existing": 2}));
    let (_, found) = app.get(&committee, "/people?q=13800000001").await;
    assert_eq!(found["total"], 1, "no duplicate");

    // What is not a roster is said so.
    for (name, bytes) in [
        ("empty.csv", Vec::new()),
        ("headless.csv", "a,b\n1,2\n".as_bytes().to_vec()),
        ("gbk.csv", vec![0xd0, 0xd5, 0xc3, 0xfb, b',', b'\n']),
        ("broken.xlsx", b"PK\x03\x04not really a zip".to_vec()),
    ] {
        let (status, body) = app
            .multipart("/people/imports", Some(&committee), "file", name, &bytes)
            .await;
        assert!(status == StatusCode::BAD_REQUEST, "{name}: {status} {body}");
    }
    let resident = app.login(RESIDENT).await;
    let (status, _) = app
        .multipart(
            "/people/imports",
            Some(&resident),
            "file",
            "roster.csv",
            csv.as_bytes(),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
