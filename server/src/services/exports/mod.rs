//! 台账 exports: the orders, the units' assessment and the points of a
//! period, as CSV (UTF-8 with a BOM, so that Excel shows the Chinese) or XLSX,
//! with Chinese headers.
//!
//! Orders and points are read a page at a time (keyset, through the lists'
//! indexes) by a task that hands each page on through a small channel: CSV
//! goes out as it is written; XLSX is written row by row into a workbook in
//! rust_xlsxwriter's constant-memory mode on a blocking thread, then sent
//! from its temporary file. Either way the server holds a few pages, not the
//! export.

mod cells;
mod rows;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use actix_web::web::Bytes;
use chrono::{DateTime, Utc};
use futures_util::stream::{self, BoxStream, StreamExt};
use sea_orm::DatabaseConnection;
use shared::CommunityId;
use std::io::{Read, Seek, SeekFrom, Write};
use tokio::sync::mpsc;

pub use cells::Cell;

/// Rows per page read from the database and handed on.
const PAGE: u64 = 2_000;
/// Pages in flight between the reader and the writer.
const IN_FLIGHT: usize = 4;
/// An Excel sheet's rows, the header's included.
const XLSX_MAX_ROWS: u64 = 1_048_576;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn parse(s: Option<&str>) -> ApiResult<Format> {
        match s.map(str::trim).unwrap_or("csv") {
            "" | "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(ApiError::invalid(format!(
                "format {other:?}: use csv or xlsx"
            ))),
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// What is exported: which table, of which communities, over which period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Orders,
    Assessment,
    Points,
}

impl Table {
    /// The file's name, before its extension.
    fn file_name(self) -> &'static str {
        match self {
            Table::Orders => "orders",
            Table::Assessment => "assessment",
            Table::Points => "points",
        }
    }
}

pub struct Request<'a> {
    pub table: Table,
    pub format: Format,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub community_id: Option<CommunityId>,
    /// For the assessment: `2026`, `2026-Q3`, `2026-11`.
    pub period: Option<&'a str>,
}

/// An export ready to send: its file name, how many rows it has, and its bytes
/// as they come.
pub struct Export {
    pub file_name: String,
    pub format: Format,
    pub rows: u64,
    /// Known for XLSX (written first), not for CSV (sent as written).
    pub length: Option<u64>,
    pub body: BoxStream<'static, Result<Bytes, std::io::Error>>,
}

/// Checks the caller and the request, then starts the export.
pub async fn export(
    db: &DatabaseConnection,
    caller: &Caller,
    req: Request<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Export> {
    if let (Some(from), Some(to)) = (req.from, req.to) {
        if from >= to {
            return Err(ApiError::invalid("from must be before to"));
        }
    }
    let communities = crate::services::stats::scope(db, caller, req.community_id).await?;
    let source = rows::Source::open(db, caller, &communities, &req, now).await?;
    let rows = source.count().await?;
    if req.format == Format::Xlsx && rows >= XLSX_MAX_ROWS {
        return Err(ApiError::invalid(format!(
            "{rows} rows do not fit one Excel sheet (at most {}): choose a shorter period or CSV",
            XLSX_MAX_ROWS - 1
        )));
    }
    let header = source.header();
    let (tx, rx) = mpsc::channel::<Vec<Vec<Cell>>>(IN_FLIGHT);
    tokio::spawn(async move {
        if let Err(e) = source.send_pages(tx, PAGE).await {
            tracing::warn!("an export stopped: {e:#}");
        }
    });
    let file_name = format!(
        "linli-{}-{}.{}",
        req.table.file_name(),
        now.with_timezone(&shared::deadlines::china())
            .format("%Y%m%d-%H%M"),
        req.format.extension()
    );
    let (length, body) = match req.format {
        Format::Csv => (None, csv_stream(header, rx)),
        Format::Xlsx => {
            let (length, file) = xlsx_file(header, rx).await?;
            (Some(length), file_stream(file))
        }
    };
    Ok(Export {
        file_name,
        format: req.format,
        rows,
        length,
        body,
    })
}

fn csv_bytes(rows: &[Vec<Cell>]) -> Result<Bytes, std::io::Error> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::with_capacity(rows.len() * 160));
    for row in rows {
        w.write_record(row.iter().map(Cell::text))?;
    }
    w.into_inner()
        .map(Bytes::from)
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// The CSV as it is written: the BOM and the header, then each page.
fn csv_stream(
    header: Vec<&'static str>,
    rx: mpsc::Receiver<Vec<Vec<Cell>>>,
) -> BoxStream<'static, Result<Bytes, std::io::Error>> {
    let head: Vec<Cell> = header.into_iter().map(|h| Cell::Text(h.into())).collect();
    let first = csv_bytes(&[head]).map(|b| {
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(&b);
        Bytes::from(with_bom)
    });
    let pages = stream::unfold(rx, |mut rx| async move {
        let page = rx.recv().await?;
        Some((csv_bytes(&page), rx))
    });
    stream::once(async move { first }).chain(pages).boxed()
}

/// Writes the XLSX on a blocking thread as the pages arrive (constant
/// memory: each row goes to a temporary file as it is written), then
/// returns the finished file and its length.
async fn xlsx_file(
    header: Vec<&'static str>,
    mut rx: mpsc::Receiver<Vec<Vec<Cell>>>,
) -> ApiResult<(u64, std::fs::File)> {
    let written = tokio::task::spawn_blocking(move || -> anyhow::Result<(u64, std::fs::File)> {
        let started = std::time::Instant::now();
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet_with_constant_memory();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        let moment = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
        for (col, h) in header.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *h, &bold)?;
            sheet.set_column_width(col as u16, 16)?;
        }
        let mut dated = std::collections::BTreeSet::new();
        let mut row = 1u32;
        while let Some(page) = rx.blocking_recv() {
            for cells in page {
                for (col, cell) in cells.iter().enumerate() {
                    match cell {
                        Cell::Text(t) if !t.is_empty() => {
                            sheet.write_string(row, col as u16, t)?;
                        }
                        Cell::Number(n) => {
                            sheet.write_number(row, col as u16, *n)?;
                        }
                        Cell::Moment(m) => {
                            // The date format once per column: a format
                            // given with each cell is looked up by its hash.
                            if dated.insert(col) {
                                sheet.set_column_format(col as u16, &moment)?;
                            }
                            sheet.write_number(row, col as u16, Cell::excel_serial(*m))?;
                        }
                        Cell::Text(_) => {}
                    }
                }
                row += 1;
            }
        }
        let rows_written = started.elapsed();
        let mut file = tempfile::tempfile()?;
        book.save_to_writer(&mut file)?;
        file.flush()?;
        let length = file.seek(SeekFrom::End(0))?;
        file.seek(SeekFrom::Start(0))?;
        tracing::info!(
            rows = row - 1,
            bytes = length,
            "an XLSX export: rows written in {:.1} s, packed in {:.1} s",
            rows_written.as_secs_f64(),
            (started.elapsed() - rows_written).as_secs_f64()
        );
        Ok((length, file))
    })
    .await
    .map_err(|e| anyhow::anyhow!("the XLSX writer: {e}"))??;
    Ok(written)
}

/// A finished file, sent in 64 KB pieces read off the async workers.
fn file_stream(file: std::fs::File) -> BoxStream<'static, Result<Bytes, std::io::Error>> {
    stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let read = tokio::task::spawn_blocking(move || {
            let mut buf = vec![0u8; 64 * 1024];
            let n = file.read(&mut buf)?;
            buf.truncate(n);
            Ok::<_, std::io::Error>((buf, file))
        })
        .await;
        match read {
            Ok(Ok((buf, _))) if buf.is_empty() => None,
            Ok(Ok((buf, file))) => Some((Ok(Bytes::from(buf)), Some(file))),
            Ok(Err(e)) => Some((Err(e), None)),
            Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
        }
    })
    .boxed()
}
