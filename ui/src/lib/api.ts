// Typed wrappers around the app's IPC commands. Types come from ../bindings, generated from
// Rust by ts-rs; never edit those by hand.
import type { Command } from "../bindings/Command";
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { ApiError } from "../bindings/ApiError";
import type { ApiErrorCode } from "../bindings/ApiErrorCode";
import type { AutoLocked } from "../bindings/AutoLocked";
import type { LockReason } from "../bindings/LockReason";
import type { Settings } from "../bindings/Settings";
import type { StrengthHint } from "../bindings/StrengthHint";
import type { Vocabulary } from "../bindings/Vocabulary";
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
import type { GrantDetail } from "../bindings/GrantDetail";
import type { GrantSummary } from "../bindings/GrantSummary";
import type { ImportedRequest } from "../bindings/ImportedRequest";
import type { LedgerCheck } from "../bindings/LedgerCheck";
import type { LedgerEntryView } from "../bindings/LedgerEntryView";
import type { RequestReview } from "../bindings/RequestReview";
import type { RequestSummary } from "../bindings/RequestSummary";
import type { ReviewField } from "../bindings/ReviewField";
import type { ImportCardView } from "../bindings/ImportCardView";
import type { ImportChangeView } from "../bindings/ImportChangeView";
import type { ImportChoices } from "../bindings/ImportChoices";
import type { ImportOptInView } from "../bindings/ImportOptInView";
import type { ImportPlanView } from "../bindings/ImportPlanView";
import type { ImportSkippedView } from "../bindings/ImportSkippedView";

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
  GrantDetail,
  GrantSummary,
  ImportedRequest,
  LedgerCheck,
  LedgerEntryView,
  RequestReview,
  RequestSummary,
  ReviewField,
  ImportCardView,
  ImportChangeView,
  ImportChoices,
  ImportOptInView,
  ImportPlanView,
  ImportSkippedView,
};

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
  return { code: "internal", message: typeof raw === "string" ? raw : "Unexpected error" };
}

async function call<T>(command: Command, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toApiError(raw);
  }
}

export const api = {
  vaultState: () => call<VaultState>("vault_state"),
  createVault: (passphrase: string) => call<VaultState>("create_vault", { passphrase }),
  unlockVault: (passphrase: string, acceptRestore = false) =>
    call<VaultState>("unlock_vault", { passphrase, acceptRestore }),
  lockVault: () => call<VaultState>("lock_vault"),
  vaultStatus: () => call<VaultStatus>("vault_status"),
  estimatePassphrase: (passphrase: string) =>
    call<StrengthHint>("estimate_passphrase", { passphrase }),
  getSettings: () => call<Settings>("get_settings"),
  setAutoLock: (seconds: number) => call<Settings>("set_auto_lock", { seconds }),
  changePassphrase: (current: string, next: string) =>
    call<null>("change_passphrase", { current, new: next }),
  touch: () => call<null>("touch"),
  catalogueFields: () => call<FieldView[]>("catalogue_fields"),
  vocabulary: () => call<Vocabulary>("vocabulary"),
  profileList: () => call<ProfileValueView[]>("profile_list"),
  profileSet: (request: SetValueRequest) => call<ProfileValueView>("profile_set", { request }),
  profileRemove: (field: string, label: string | null) => call<number>("profile_remove", { field, label }),
  brandAdd: (id: string, name: string) => call<BrandView>("brand_add", { id, name }),
  brandList: (search: string | null, offset: number, limit: number) =>
    call<BrandPage>("brand_list", { search, offset, limit }),
  brandShow: (id: string) => call<BrandDetail>("brand_show", { id }),
  brandAllow: (request: AllowRequest) => call<RuleView>("brand_allow", { request }),
  brandDeny: (brand: string, field: string) => call<RuleView>("brand_deny", { brand, field }),
  brandRevokeAll: (brand: string) => call<number>("brand_revoke_all", { brand }),
  whoCanSee: (field: string) => call<RuleView[]>("who_can_see", { field }),
  matrix: (query: MatrixQuery) => call<MatrixPage>("matrix", { query }),
  requestImportText: (token: string, trustNewKey: boolean) =>
    call<ImportedRequest>("request_import_text", { token, trustNewKey }),
  requestImportFile: (trustNewKey: boolean) =>
    call<ImportedRequest | null>("request_import_file", { trustNewKey }),
  requestList: () => call<RequestSummary[]>("request_list"),
  requestReview: (jti: string) => call<RequestReview>("request_review", { jti }),
  requestPreview: (request: ApproveRequest) => call<ApprovalPreview>("request_preview", { request }),
  requestApprove: (request: ApproveRequest) => call<ApprovalResult>("request_approve", { request }),
  requestDeny: (jti: string) => call<RequestSummary>("request_deny", { jti }),
  grantList: () => call<GrantSummary[]>("grant_list"),
  grantShow: (jti: string) => call<GrantDetail>("grant_show", { jti }),
  grantSave: (jti: string) => call<boolean>("grant_save", { jti }),
  grantCopy: (jti: string) => call<number>("grant_copy", { jti }),
  grantRevoke: (jti: string) => call<string>("grant_revoke", { jti }),
  revocationSave: (jti: string) => call<boolean>("revocation_save", { jti }),
  receiptImportText: (token: string) => call<GrantSummary>("receipt_import_text", { token }),
  ledgerList: () => call<LedgerEntryView[]>("ledger_list"),
  ledgerVerify: () => call<LedgerCheck>("ledger_verify"),
  deletionRequest: (seq: number) => call<DeletionRequest>("deletion_request", { seq }),
  // Import keeps the chosen file (or pasted text) in the session, on the Rust side: the
  // webview never holds a chosen file's bytes. Preview and apply plan that kept file with
  // the person's choices; apply forgets it, and so does locking.
  /** The native file dialog; the file's plan with no choices made, or null when cancelled. */
  profileImportPick: () => call<ImportPlanView | null>("profile_import_pick"),
  /** Keeps pasted text as the file to import; its plan with no choices made. */
  profileImportPaste: (text: string) => call<ImportPlanView>("profile_import_paste", { text }),
  profileImportPreview: (choices: ImportChoices) => call<ImportPlanView>("profile_import_preview", { choices }),
  /** Plans the kept file again with `choices` and writes it, all or nothing; how many values were written. */
  profileImportApply: (choices: ImportChoices) => call<number>("profile_import_apply", { choices }),
  profileExportSave: (format: "vcard" | "jscontact") => call<boolean>("profile_export_save", { format }),
  ledgerExportSave: () => call<boolean>("ledger_export_save"),
};

/** A request file dropped on the window was imported, or refused. */
export function onDroppedRequest(
  imported: (r: ImportedRequest) => void,
  failed: (e: ApiError) => void,
): Promise<UnlistenFn[]> {
  return Promise.all([
    listen<ImportedRequest>("request-imported", (e) => imported(e.payload)),
    listen<ApiError>("request-import-failed", (e) => failed(toApiError(e.payload))),
  ]);
}

/** The app's own advice, by code: the core's messages state what is wrong, and each face
 * (this app, the CLI) words what to do about it in its own terms. */
const ADVICE: Partial<Record<ApiErrorCode, string>> = {
  key_changed: "Once the brand has confirmed the new fingerprint, tick “trust the new key” and import again.",
  confirmation_required: "Confirm its category in the dialog to share it.",
  unknown_brand: "Add the brand under Brands first.",
};

/** An error's message followed by the app's advice for its code, if any. */
export function describeError(e: ApiError): string {
  const advice = ADVICE[e.code];
  return advice ? `${e.message}. ${advice}` : e.message;
}

/** The message (with advice) of whatever a command rejected with. */
export function messageOf(e: unknown): string {
  return describeError(toApiError(e));
}

/** The vault locked itself: idle, the computer about to sleep, or the screen locked. */
export function onVaultLocked(handler: (locked: AutoLocked) => void): Promise<UnlistenFn> {
  return listen<AutoLocked>("vault-locked", (event) => handler(event.payload));
}

/** What the lock screen says after the vault locked itself. */
export function lockedNotice(reason: LockReason): string {
  switch (reason) {
    case "idle":
      return "Tessera locked itself after a period of inactivity.";
    case "sleep":
      return "Tessera locked itself because the computer went to sleep.";
    case "screen_lock":
      return "Tessera locked itself because the screen was locked.";
  }
}
