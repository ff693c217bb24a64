//! Photos: the picker that takes or chooses them (shrunk in the browser, sent
//! with progress, removable before sending), and the strip that shows an
//! order's photos with one opened full screen on tap.

use crate::api::Api;
use crate::components::icons::{icon, Icon};
use crate::components::states::error_text;
use crate::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::api::{Photo, Upload};
use shared::input::PhotoIds;
use shared::ErrorCode;
use wasm_bindgen::JsCast;

/// Photos the person has uploaded for the form, at most [`PhotoIds::MAX`].
#[component]
pub fn PhotoPicker(photos: RwSignal<Vec<Upload>>) -> impl IntoView {
    let t = use_i18n().t();
    let api = expect_context::<Api>();
    let progress = RwSignal::new(None::<u32>);
    let error = RwSignal::new(None::<String>);
    let pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let room = PhotoIds::MAX.saturating_sub(photos.with_untracked(Vec::len));
        let files: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        input.set_value("");
        error.set(None);
        leptos::task::spawn_local(async move {
            for file in files.into_iter().take(room) {
                progress.set(Some(0));
                match api.upload(&file, move |p| progress.set(Some(p))).await {
                    Ok(u) => photos.update(|v| v.push(u)),
                    // Said of the photo, not in the words of a form.
                    Err(e) => error.set(Some(match e.code {
                        ErrorCode::BadRequest | ErrorCode::ValidationFailed => {
                            t.photo_not_image.to_string()
                        }
                        ErrorCode::PayloadTooLarge => t.photo_too_large.to_string(),
                        ErrorCode::TooManyRequests => t.photos_today_full.to_string(),
                        _ => error_text(t, &e),
                    })),
                }
            }
            progress.set(None);
        });
    };
    view! {
        <div class="photo-picker">
            {move || photos.get().into_iter().map(|u| {
                let id = u.id;
                view! {
                    <figure class="thumb">
                        <img src=u.thumbnail_url alt="" />
                        <button type="button" class="remove" aria-label=t.remove_photo
                            on:click=move |_| photos.update(|v| v.retain(|p| p.id != id))>"×"</button>
                    </figure>
                }
            }).collect_view()}
            {move || progress.get().map(|p| view! {
                <div class="thumb uploading" role="progressbar" aria-valuenow=p>{fill(t.uploading, p)}</div>
            })}
            {move || (photos.with(Vec::len) < PhotoIds::MAX && progress.get().is_none()).then(|| view! {
                <label class="button secondary photo-add">{icon(Icon::Camera)} {t.take_photo}
                    <input type="file" accept="image/*" capture="environment" on:change=pick /></label>
                <label class="button secondary photo-add">{t.choose_photos}
                    <input type="file" accept="image/*" multiple on:change=pick /></label>
            })}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </div>
    }
}

/// Thumbnails; a tap opens the photo full screen, another closes it.
#[component]
pub fn PhotoStrip(photos: Vec<Photo>) -> impl IntoView {
    let t = use_i18n().t();
    let open = RwSignal::new(None::<String>);
    view! {
        <div class="photos">
            {photos.into_iter().enumerate().map(|(i, p)| {
                let label = fill(t.photo_n, i + 1);
                view! {
                    <button type="button" class="thumb" on:click=move |_| open.set(Some(p.url.clone()))>
                        <img src=p.thumbnail_url alt=label loading="lazy" />
                    </button>
                }
            }).collect_view()}
        </div>
        {move || open.get().map(|url| view! { <Lightbox url=url open=open /> })}
    }
}

/// One photo full screen: closed by a tap anywhere, its × button, or Escape.
#[component]
fn Lightbox(url: String, open: RwSignal<Option<String>>) -> impl IntoView {
    let t = use_i18n().t();
    let escape = window_event_listener(leptos::ev::keydown, move |e| {
        if e.key() == "Escape" {
            open.set(None);
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <div class="lightbox" role="dialog" aria-modal="true" aria-label=t.photo on:click=move |_| open.set(None)>
            <button type="button" class="lightbox-close" aria-label=t.close autofocus>"✕"</button>
            <img src=url alt=t.photo />
        </div>
    }
}
