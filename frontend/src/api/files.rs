//! Files sent as multipart: photos (shrunk in the browser first) and rosters.

use super::{check, js_error, parse, Api, ApiError, ApiResult, EmptyBody, Reply, BASE};
use shared::api::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

impl Api {
    /// Sends one photo (`POST /uploads`), shrunk in the browser first when
    /// large; `progress` hears the percentage sent.
    pub async fn upload(
        self,
        file: &web_sys::File,
        progress: impl FnMut(u32) + 'static,
    ) -> ApiResult<Upload> {
        parse(&self.send_file(file, "/uploads", true, progress).await?)
    }

    /// Sends a roster (CSV or XLSX) for its preview: nothing is written yet.
    pub async fn import_roster(self, file: &web_sys::File) -> ApiResult<ImportPreview> {
        parse(
            &self
                .send_file(file, "/people/imports", false, |_| ())
                .await?,
        )
    }

    /// Sends the hotline's spreadsheet for its preview: nothing is written yet.
    pub async fn import_hotline(self, file: &web_sys::File) -> ApiResult<HotlineImportPreview> {
        parse(
            &self
                .send_file(file, "/hotline/imports", false, |_| ())
                .await?,
        )
    }

    /// Places the good rows of a hotline spreadsheet.
    pub async fn commit_hotline_import(self, id: i32) -> ApiResult<HotlineImportResult> {
        self.post(&format!("/hotline/imports/{id}/commit"), &EmptyBody {})
            .await
    }

    /// Commits a roster's good rows.
    pub async fn commit_import(self, id: i32) -> ApiResult<ImportResult> {
        self.post(&format!("/people/imports/{id}/commit"), &EmptyBody {})
            .await
    }

    /// Downloads an export (台账) and hands it to the browser to save;
    /// `progress` hears the bytes so far and, when the server knows it, the
    /// whole length. One silent refresh, as [`Api::send`] does.
    pub async fn download(
        self,
        path: &str,
        progress: impl FnMut(f64, f64) + 'static,
    ) -> ApiResult<()> {
        let progress = wasm_bindgen::closure::Closure::<dyn FnMut(f64, f64)>::new(progress);
        let fetch = |token: Option<String>| {
            let got = download_file(
                &format!("{BASE}{path}"),
                token,
                progress.as_ref().unchecked_ref(),
            );
            async move {
                let reply = JsFuture::from(got).await.map_err(js_error)?;
                let reply = js_sys::Array::from(&reply);
                Ok::<_, ApiError>(Reply {
                    status: reply.get(0).as_f64().unwrap_or_default() as u16,
                    text: reply.get(1).as_string().unwrap_or_default(),
                })
            }
        };
        let token = self.session.access_token();
        let mut reply = fetch(token.clone()).await?;
        if reply.status == 401 && token.is_some() {
            match self.refresh().await {
                Ok(()) => reply = fetch(self.session.access_token()).await?,
                Err(e) => {
                    self.session.expire();
                    return Err(e);
                }
            }
        }
        check(reply).map(|_| ())
    }

    /// A file as multipart field `file` (a photo shrunk first), with one
    /// silent refresh as [`Api::send`] does.
    async fn send_file(
        self,
        file: &web_sys::File,
        path: &str,
        photo: bool,
        progress: impl FnMut(u32) + 'static,
    ) -> ApiResult<String> {
        let progress = wasm_bindgen::closure::Closure::<dyn FnMut(u32)>::new(progress);
        let send = |token: Option<String>| {
            let sent = upload_file(
                file,
                &format!("{BASE}{path}"),
                token,
                progress.as_ref().unchecked_ref(),
                photo,
            );
            async move {
                let reply = JsFuture::from(sent).await.map_err(js_error)?;
                let reply = js_sys::Array::from(&reply);
                Ok::<_, ApiError>(Reply {
                    status: reply.get(0).as_f64().unwrap_or_default() as u16,
                    text: reply.get(1).as_string().unwrap_or_default(),
                })
            }
        };
        let token = self.session.access_token();
        let mut reply = send(token.clone()).await?;
        if reply.status == 401 && token.is_some() {
            match self.refresh().await {
                Ok(()) => reply = send(self.session.access_token()).await?,
                Err(e) => {
                    self.session.expire();
                    return Err(e);
                }
            }
        }
        check(reply)
    }
}

// Shrinking on a canvas and sending with upload progress (which `fetch`
// cannot report) are a few lines of the browser's own JavaScript, and far
// smaller there than bindings for each call in the wasm.
#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
function shrink(file) {
  const MAX = 2048;
  if (!window.createImageBitmap || file.size < 512 * 1024) return Promise.resolve(file);
  return createImageBitmap(file, { imageOrientation: "from-image" }).then((bmp) => {
    const k = Math.min(1, MAX / Math.max(bmp.width, bmp.height));
    const c = document.createElement("canvas");
    c.width = Math.round(bmp.width * k);
    c.height = Math.round(bmp.height * k);
    c.getContext("2d").drawImage(bmp, 0, 0, c.width, c.height);
    return new Promise((done) =>
      c.toBlob((b) => done(b && b.size < file.size ? b : file), "image/jpeg", 0.85));
  }, () => file);
}
export function upload_file(file, url, token, progress, photo) {
  return (photo ? shrink(file) : Promise.resolve(file)).then((blob) => new Promise((done, fail) => {
    const form = new FormData();
    form.append("file", blob, photo ? "photo.jpg" : file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    if (token) xhr.setRequestHeader("Authorization", "Bearer " + token);
    xhr.upload.onprogress = (e) => e.lengthComputable && progress(Math.floor(e.loaded * 100 / e.total));
    xhr.onload = () => done([xhr.status, xhr.responseText]);
    xhr.onerror = () => fail("network error");
    xhr.send(form);
  }));
}
export function download_file(url, token, progress) {
  return new Promise((done, fail) => {
    const xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.responseType = "blob";
    if (token) xhr.setRequestHeader("Authorization", "Bearer " + token);
    xhr.onprogress = (e) => progress(e.loaded, e.lengthComputable ? e.total : 0);
    xhr.onload = () => {
      if (xhr.status !== 200) {
        xhr.response.text().then((t) => done([xhr.status, t]));
        return;
      }
      const m = /filename="?([^";]+)"?/.exec(xhr.getResponseHeader("Content-Disposition") || "");
      const a = document.createElement("a");
      a.href = URL.createObjectURL(xhr.response);
      a.download = m ? m[1] : "linli-export";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 60000);
      done([200, ""]);
    };
    xhr.onerror = () => fail("network error");
    xhr.send();
  });
}
"#)]
extern "C" {
    fn download_file(
        url: &str,
        token: Option<String>,
        progress: &js_sys::Function,
    ) -> js_sys::Promise;
    fn upload_file(
        file: &web_sys::File,
        url: &str,
        token: Option<String>,
        progress: &js_sys::Function,
        photo: bool,
    ) -> js_sys::Promise;
}
