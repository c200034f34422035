// Typed wrappers around the app's IPC commands. Types come from ../bindings, generated from
// Rust by ts-rs; never edit those by hand.
import { t } from "./i18n";
import type { Command, Commands } from "../bindings/Command";
import { EVENT, type Event, type Events } from "../bindings/Events";
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { ApiError } from "../bindings/ApiError";
import type { ApiErrorCode } from "../bindings/ApiErrorCode";
import type { AutoLocked } from "../bindings/AutoLocked";
import type { LockReason } from "../bindings/LockReason";
import type { Settings } from "../bindings/Settings";
import type { StrengthHint } from "../bindings/StrengthHint";
import type { VaultState } from "../bindings/VaultState";
import type { VaultStatus } from "../bindings/VaultStatus";
import type { AllowRequest } from "../bindings/AllowRequest";
import type { BrandDetail } from "../bindings/BrandDetail";
import type { BrandPage } from "../bindings/BrandPage";
import type { BrandView } from "../bindings/BrandView";
import type { FieldView } from "../bindings/FieldView";
import type { MatrixPage } from "../bindings/MatrixPage";
import type { MatrixQuery } from "../bindings/MatrixQuery";
import type { ProfileValueView } from "../bindings/ProfileValueView";
import type { RuleView } from "../bindings/RuleView";
import type { SetValueRequest } from "../bindings/SetValueRequest";
import type { ApprovalPreview } from "../bindings/ApprovalPreview";
import type { ApprovalResult } from "../bindings/ApprovalResult";
import type { ApproveRequest } from "../bindings/ApproveRequest";
import type { DeletionRequest } from "../bindings/DeletionRequest";
import type { DeletionDates } from "../bindings/DeletionDates";
import type { AliasTrace } from "../bindings/AliasTrace";
import type { Terms } from "../bindings/Terms";
import type { TermsView } from "../bindings/TermsView";
import type { SetTerms } from "../bindings/SetTerms";
import type { LetterOptions } from "../bindings/LetterOptions";
import type { LetterView } from "../bindings/LetterView";
import type { WriteLetter } from "../bindings/WriteLetter";
import type { Right } from "../bindings/Right";
import type { Correction } from "../bindings/Correction";
import type { LedgerQuery } from "../bindings/LedgerQuery";
import type { LedgerCheckProgress } from "../bindings/LedgerCheckProgress";
import type { ListQuery } from "../bindings/ListQuery";
import type { GrantPage } from "../bindings/GrantPage";
import type { RequestPage } from "../bindings/RequestPage";
import type { LedgerPageView } from "../bindings/LedgerPageView";
import type { ComplaintView } from "../bindings/ComplaintView";
import type { BrandDues } from "../bindings/BrandDues";
import type { GrantDetail } from "../bindings/GrantDetail";
import type { GrantSummary } from "../bindings/GrantSummary";
import type { ImportedRequest } from "../bindings/ImportedRequest";
import type { LedgerCheck } from "../bindings/LedgerCheck";
import type { LedgerEntryView } from "../bindings/LedgerEntryView";
import type { RequestReview } from "../bindings/RequestReview";
import type { RequestSummary } from "../bindings/RequestSummary";
import type { RenewRequest } from "../bindings/RenewRequest";
import type { RenewalView } from "../bindings/RenewalView";
import type { ReviewField } from "../bindings/ReviewField";
import type { ImportCardView } from "../bindings/ImportCardView";
import type { ImportChangeView } from "../bindings/ImportChangeView";
import type { ImportChoices } from "../bindings/ImportChoices";
import type { ImportOptInView } from "../bindings/ImportOptInView";
import type { ImportPlanView } from "../bindings/ImportPlanView";
import type { ImportSkippedView } from "../bindings/ImportSkippedView";
import type { Format } from "../bindings/Format";
import type { BackupChoice } from "../bindings/BackupChoice";
import type { BackupView } from "../bindings/BackupView";
import type { AutoBackup } from "../bindings/AutoBackup";
import type { RestoredBackup } from "../bindings/RestoredBackup";
import type { Arrival } from "../bindings/Arrival";
import type { Arrivals } from "../bindings/Arrivals";
import type { MenuChoice } from "../bindings/MenuChoice";
import type { Demo } from "../bindings/Demo";
import type { DemoRemoved } from "../bindings/DemoRemoved";
import type { Opened } from "../bindings/Opened";
import type { ReplyItem } from "../bindings/ReplyItem";
import type { ReplyPath } from "../bindings/ReplyPath";
import type { QrView } from "../bindings/QrView";
import type { Home } from "../bindings/Home";

export type {
  ApiError,
  ApiErrorCode,
  AutoLocked,
  LockReason,
  Settings,
  StrengthHint,
  VaultState,
  VaultStatus,
};
export type {
  AllowRequest,
  BrandDetail,
  BrandPage,
  BrandView,
  FieldView,
  MatrixPage,
  MatrixQuery,
  ProfileValueView,
  RuleView,
  SetValueRequest,
  ApprovalPreview,
  ApprovalResult,
  ApproveRequest,
  DeletionRequest,
  DeletionDates,
  BrandDues,
  AliasTrace,
  Terms,
  TermsView,
  SetTerms,
  LetterOptions,
  LetterView,
  WriteLetter,
  Right,
  Correction,
  ComplaintView,
  LedgerQuery,
  LedgerCheckProgress,
  LedgerPageView,
  ListQuery,
  GrantPage,
  RequestPage,
  GrantDetail,
  GrantSummary,
  ImportedRequest,
  LedgerCheck,
  LedgerEntryView,
  RequestReview,
  RequestSummary,
  RenewRequest,
  RenewalView,
  ReviewField,
  ImportCardView,
  ImportChangeView,
  ImportChoices,
  ImportOptInView,
  ImportPlanView,
  ImportSkippedView,
  Format,
};
export type { AutoBackup, BackupChoice, BackupView, RestoredBackup };
export type { Arrival, Arrivals, Demo, DemoRemoved, Home, MenuChoice, Opened, QrView, ReplyItem, ReplyPath };

// Every code of the generated union (Rust's `ErrorCode`): the type checker fails on a code
// missing here or one the union no longer has, so this cannot drift.
const KNOWN_CODES: Record<ApiErrorCode, true> = {
  wrong_passphrase: true,
  vault_locked: true,
  vault_in_use: true,
  vault_not_found: true,
  vault_exists: true,
  corrupt_vault: true,
  corrupt_record: true,
  unsupported_format: true,
  backup_damaged: true,
  vault_tampered: true,
  vault_rolled_back: true,
  kdf_params_rejected: true,
  weak_passphrase: true,
  invalid_input: true,
  missing_input: true,
  unknown_field: true,
  invalid_value: true,
  not_found: true,
  invalid_brand: true,
  unknown_brand: true,
  brand_exists: true,
  invalid_form: true,
  form_unavailable: true,
  confirmation_required: true,
  token_too_large: true,
  malformed_token: true,
  token_too_deep: true,
  bad_algorithm: true,
  wrong_type: true,
  bad_key: true,
  bad_signature: true,
  token_expired: true,
  token_not_yet_valid: true,
  wrong_audience: true,
  invalid_claims: true,
  replayed: true,
  key_changed: true,
  already_done: true,
  missing_value: true,
  receipt_mismatch: true,
  ledger_broken: true,
  io: true,
  database: true,
  disk_full: true,
  read_only: true,
  internal: true,
};

function isErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === "string" && Object.hasOwn(KNOWN_CODES, code);
}

/** Turns whatever a command rejected with into an ApiError the UI can switch on. */
export function toApiError(raw: unknown): ApiError {
  if (
    typeof raw === "object" &&
    raw !== null &&
    "code" in raw &&
    "message" in raw &&
    typeof raw.message === "string" &&
    isErrorCode(raw.code)
  ) {
    return { code: raw.code, message: raw.message };
  }
  return { code: "internal", message: typeof raw === "string" ? raw : t("error-unexpected") };
}

/** The arguments a command takes: none, or the object the generated map gives. */
type Args<C extends Command> = keyof Commands[C]["args"] extends never ? [] : [Commands[C]["args"]];

/** Calls a command with the arguments and result types generated from its Rust signature. */
async function call<C extends Command>(command: C, ...args: Args<C>): Promise<Commands[C]["returns"]> {
  try {
    return await invoke<Commands[C]["returns"]>(command, args[0]);
  } catch (raw) {
    throw toApiError(raw);
  }
}

export const api = {
  vaultState: () => call("vault_state"),
  createVault: (passphrase: string) => call("create_vault", { passphrase }),
  unlockVault: (passphrase: string, acceptRestore = false) =>
    call("unlock_vault", { passphrase, acceptRestore }),
  lockVault: () => call("lock_vault"),
  vaultStatus: () => call("vault_status"),
  estimatePassphrase: (passphrase: string) =>
    call("estimate_passphrase", { passphrase }),
  getSettings: () => call("get_settings"),
  setAutoLock: (seconds: number) => call("set_auto_lock", { seconds }),
  changePassphrase: (current: string, next: string) =>
    call("change_passphrase", { current, new: next }),
  touch: () => call("touch"),
  catalogueFields: () => call("catalogue_fields"),
  vocabulary: () => call("vocabulary"),
  profileList: () => call("profile_list"),
  profileSet: (request: SetValueRequest) => call("profile_set", { request }),
  profileRemove: (field: string, label: string | null) => call("profile_remove", { field, label }),
  brandAdd: (id: string, name: string) => call("brand_add", { id, name }),
  brandList: (search: string | null, offset: number, limit: number) =>
    call("brand_list", { search, offset, limit }),
  brandShow: (id: string) => call("brand_show", { id }),
  brandAllow: (request: AllowRequest) => call("brand_allow", { request }),
  brandDeny: (brand: string, field: string) => call("brand_deny", { brand, field }),
  brandRevokeAll: (brand: string) => call("brand_revoke_all", { brand }),
  whoCanSee: (field: string) => call("who_can_see", { field }),
  matrix: (query: MatrixQuery) => call("matrix", { query }),
  requestImportText: (token: string, trustNewKey: boolean) =>
    call("request_import_text", { token, trustNewKey }),
  requestImportFile: (trustNewKey: boolean) =>
    call("request_import_file", { trustNewKey }),
  requestPage: (query: ListQuery) => call("request_page", { query }),
  requestReview: (jti: string) => call("request_review", { jti }),
  requestPreview: (request: ApproveRequest) => call("request_preview", { request }),
  requestApprove: (request: ApproveRequest) => call("request_approve", { request }),
  requestDeny: (jti: string) => call("request_deny", { jti }),
  grantPage: (query: ListQuery) => call("grant_page", { query }),
  grantShow: (jti: string) => call("grant_show", { jti }),
  grantSave: (jti: string) => call("grant_save", { jti }),
  grantCopy: (jti: string) => call("grant_copy", { jti }),
  grantRevoke: (jti: string) => call("grant_revoke", { jti }),
  grantRenewal: (request: RenewRequest) => call("grant_renewal", { request }),
  grantRenew: (request: RenewRequest) => call("grant_renew", { request }),
  revocationSave: (jti: string) => call("revocation_save", { jti }),
  receiptImportText: (token: string) => call("receipt_import_text", { token }),
  /** A page of the ledger, newest first, filtered in the core; `older` is the next page's mark. */
  ledgerPage: (query: LedgerQuery) => call("ledger_page", { query }),
  ledgerVerifyStep: (restart: boolean) => call("ledger_verify_step", { restart }),
  deletionRequest: (seq: number) => call("deletion_request", { seq }),
  deletionDates: () => call("deletion_dates"),
  traceAlias: (text: string) => call("trace_alias", { text }),
  /** The save dialog; whether the calendar file was saved. */
  deletionCalendarSave: () => call("deletion_calendar_save"),
  // Import keeps the chosen file (or pasted text) in the session, on the Rust side: the
  // webview never holds a chosen file's bytes. Preview and apply plan that kept file with
  // the person's choices; apply forgets it, and so does locking.
  /** The native file dialog; the file's plan with no choices made, or null when cancelled. */
  profileImportPick: () => call("profile_import_pick"),
  /** Keeps pasted text as the file to import; its plan with no choices made. */
  profileImportPaste: (text: string) => call("profile_import_paste", { text }),
  profileImportPreview: (choices: ImportChoices) => call("profile_import_preview", { choices }),
  /** Plans the kept file again with `choices` and writes it, all or nothing; how many values were written. */
  profileImportApply: (choices: ImportChoices) => call("profile_import_apply", { choices }),
  profileExportSave: (format: Format) => call("profile_export_save", { format }),
  ledgerExportSave: () => call("ledger_export_save"),
  /** The save dialog; whether the consent records were saved. */
  consentRecordsSave: () => call("consent_records_save"),
  // Backups: the dialogs are Rust's, and a backup chosen for restore stays on the Rust side.
  /** The save dialog; what the backup holds, or null when cancelled. */
  backupSave: (ownPassphrase: string | null) => call("backup_save", { ownPassphrase }),
  /** Automatic backups: the folder, how many are kept, the last one and the last failure. */
  backupAutoGet: () => call("backup_auto_get"),
  /** Chooses the folder with the native folder chooser; null when cancelled. */
  backupAutoChoose: (keep: number) => call("backup_auto_choose", { keep }),
  backupAutoOff: () => call("backup_auto_off"),
  /** First run: the open dialog; the chosen backup's name, or null when cancelled. */
  backupPick: () => call("backup_pick"),
  replySend: (jti: string, item: ReplyItem) => call("reply_send", { jti, item }),
  replyQr: (jti: string, item: ReplyItem) => call("reply_qr", { jti, item }),
  home: () => call("home"),
  termsGet: () => call("terms_get"),
  termsSet: (request: SetTerms) => call("terms_set", { request }),
  letterList: () => call("letter_list"),
  letterOptions: (brand: string) => call("letter_options", { brand }),
  letterWrite: (request: WriteLetter) => call("letter_write", { request }),
  letterReplied: (jti: string) => call("letter_replied", { jti }),
  corrections: () => call("corrections"),
  complaint: (brand: string) => call("complaint", { brand }),
  /** The save dialog for a complaint's evidence bundle; whether saved. */
  complaintSave: (brand: string) => call("complaint_save", { brand }),
  reminderDaysGet: () => call("reminder_days_get"),
  reminderDaysSet: (days: number) => call("reminder_days_set", { days }),
  inboxWaiting: () => call("inbox_waiting"),
  inboxOpen: () => call("inbox_open"),
  /** The first run's demo: its request (for review), its receipt, its removal. */
  demoStart: () => call("demo_start"),
  demoReceipt: () => call("demo_receipt"),
  demoRemove: () => call("demo_remove"),
  /** Restores the chosen backup and opens it; `vaultPassphrase` only for one with its own. */
  backupRestore: (passphrase: string, vaultPassphrase: string | null, acceptOlder: boolean) =>
    call("backup_restore", { passphrase, vaultPassphrase, acceptOlder }),
};

/** Listens for one of the app's events, by its generated name, with its payload's type. */
function on<E extends Event>(event: E, handler: (payload: Events[E]) => void): Promise<UnlistenFn> {
  return listen<Events[E]>(event, (e) => handler(e.payload));
}

/** Files or links the desktop handed over (dropped on the window, double-clicked, a
 * `tessera:` link): opened, waiting for an unlock, or refused. */
export function onArrivals(handler: (arrivals: Arrivals) => void): Promise<UnlistenFn> {
  return on(EVENT.DocumentsArrived, handler);
}

/** The app's own advice, by code: the core's messages state what is wrong, and each face
 * (this app, the CLI) words what to do about it in its own terms. */
const ADVICE: Partial<Record<ApiErrorCode, () => string>> = {
  key_changed: () => t("error-advice-key_changed"),
  confirmation_required: () => t("error-advice-confirmation_required"),
  unknown_brand: () => t("error-advice-unknown_brand"),
};

/** An error's message followed by the app's advice for its code, if any. */
export function describeError(e: ApiError): string {
  const advice = ADVICE[e.code];
  return advice ? t("error-with-advice", { message: e.message, advice: advice() }) : e.message;
}

/** The message (with advice) of whatever a command rejected with. */
export function messageOf(e: unknown): string {
  return describeError(toApiError(e));
}

/** A menu item was chosen: the action its shortcut does (`ui/src/lib/shortcuts.json`). */
export function onMenuChosen(handler: (choice: MenuChoice) => void): Promise<UnlistenFn> {
  return on(EVENT.MenuChosen, handler);
}

/** The vault locked itself: idle, the computer about to sleep, or the screen locked. */
export function onVaultLocked(handler: (locked: AutoLocked) => void): Promise<UnlistenFn> {
  return on(EVENT.VaultLocked, handler);
}

