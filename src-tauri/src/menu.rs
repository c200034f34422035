//! The app's menu: File (import, lock, quit), Go (each section) and Help (the shortcuts, about).
//! Its items and their keys come from the one list the webview's shortcuts are read from
//! (`ui/src/lib/shortcuts.json`); choosing one tells the webview which (`menu-chosen`), and
//! the Shell does what the same shortcut does. Only shortcuts with Ctrl or Alt get their keys
//! on the menu item: a bare `?` or `/` there would be taken from every text field.

use serde::Deserialize;
use tauri::menu::{AboutMetadataBuilder, Menu, MenuEvent, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Runtime};
use tessera_api::desktop::MenuChoice;
use tessera_text::text;

use crate::AppEvent;

const DEFINED: &str = include_str!("../../ui/src/lib/shortcuts.json");

#[derive(Debug, Deserialize)]
struct Defined {
    sections: Vec<Section>,
    shortcuts: Vec<Shortcut>,
}

#[derive(Debug, Deserialize)]
struct Section {
    id: String,
    /// Its name's id in the catalogue (`section-home`).
    text_id: String,
}

#[derive(Debug, Deserialize)]
struct Shortcut {
    keys: String,
    action: String,
    /// What it does: the id of its words in the catalogue (`shortcut-lock`).
    text_id: String,
    in_fields: bool,
    #[serde(default)]
    menu: Option<String>,
}

/// One item of a menu: the action it names (`lock`, `section:home`), its words and its keys.
#[derive(Debug, PartialEq, Eq)]
pub struct Entry {
    pub action: String,
    pub label: String,
    pub accelerator: Option<String>,
}

/// `Ctrl+L` as the menu writes it (`CmdOrCtrl+L`: Cmd on macOS); none for a bare key.
fn accelerator(keys: &str, in_fields: bool) -> Option<String> {
    (in_fields && (keys.starts_with("Ctrl+") || keys.starts_with("Alt+")))
        .then(|| keys.replacen("Ctrl+", "CmdOrCtrl+", 1))
}

/// The entries of each menu (`file`, `go`, `help`), from `shortcuts.json`, in the person's words.
pub fn entries() -> Result<Vec<(&'static str, Vec<Entry>)>, serde_json::Error> {
    let defined: Defined = serde_json::from_str(DEFINED)?;
    let in_menu = |menu: &str| -> Vec<Entry> {
        defined
            .shortcuts
            .iter()
            .filter(|s| s.menu.as_deref() == Some(menu))
            .map(|s| Entry {
                action: s.action.clone(),
                label: tessera_text::text_of(&s.text_id),
                accelerator: accelerator(&s.keys, s.in_fields),
            })
            .collect()
    };
    let go = defined
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| Entry {
            action: format!("section:{}", s.id),
            label: tessera_text::text_of(&s.text_id),
            accelerator: Some(format!("Alt+{}", i + 1)),
        })
        .collect();
    Ok(vec![
        ("file", in_menu("file")),
        ("go", go),
        ("help", in_menu("help")),
    ])
}

/// The menu bar.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let entries = entries().map_err(|e| tauri::Error::Io(std::io::Error::other(e)))?;
    let item = |e: &Entry| {
        let mut item = MenuItemBuilder::with_id(e.action.as_str(), e.label.as_str());
        if let Some(keys) = &e.accelerator {
            item = item.accelerator(keys);
        }
        item.build(app)
    };
    let mut file = SubmenuBuilder::new(app, text!("menu-file"));
    let mut go = SubmenuBuilder::new(app, text!("menu-go"));
    let mut help = SubmenuBuilder::new(app, text!("menu-help"));
    for (menu, items) in &entries {
        for e in items {
            let built = item(e)?;
            match *menu {
                "file" => file = file.item(&built),
                "go" => go = go.item(&built),
                _ => help = help.item(&built),
            }
        }
    }
    let about = AboutMetadataBuilder::new()
        .name(Some(text!("app-name")))
        .version(Some(env!("CARGO_PKG_VERSION")))
        .comments(Some(text!("app-about")))
        .license(Some(env!("CARGO_PKG_LICENSE")))
        .build();
    Menu::with_items(
        app,
        &[
            &file
                .separator()
                .quit_with_text(text!("menu-quit"))
                .build()?,
            &go.build()?,
            &help
                .separator()
                .about_with_text(text!("menu-about"), Some(about))
                .build()?,
        ],
    )
}

/// A menu item was chosen: the webview does what its shortcut does.
pub fn chosen<R: Runtime>(app: &AppHandle<R>, event: &MenuEvent) {
    let choice = MenuChoice {
        action: event.id().as_ref().to_owned(),
    };
    if let Err(e) = AppEvent::MenuChosen(&choice).emit(app) {
        eprintln!(
            "tessera-app: {}",
            tessera_text::text!("desktop-menu-choice-lost", reason = e.to_string())
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menus_come_from_the_shortcuts_with_their_keys() {
        let entries = entries().unwrap();
        let names: Vec<&str> = entries.iter().map(|(m, _)| *m).collect();
        assert_eq!(names, ["file", "go", "help"]);
        let file = &entries[0].1;
        assert!(file.contains(&Entry {
            action: "lock".into(),
            label: "Lock the vault".into(),
            accelerator: Some("CmdOrCtrl+L".into()),
        }));
        let go = &entries[1].1;
        assert_eq!(go.len(), 7);
        assert_eq!(go[0].action, "section:home");
        assert_eq!(go[0].accelerator.as_deref(), Some("Alt+1"));
        // `?` opens the shortcuts from the menu, but the menu does not take the key.
        let help = &entries[2].1;
        assert_eq!(help[0].action, "help");
        assert_eq!(help[0].accelerator, None);
    }
}
