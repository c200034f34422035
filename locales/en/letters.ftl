## The person's letters to brands (crates/tessera-api/src/letters.rs): the rights, where a
## letter stands, and the letter itself. $name is the brand's name.

right-access = Access to my data
right-correction = Correction of my data
right-erasure = Erasure of my data
right-objection = Objection to profiling and direct marketing
right-withdrawal = Withdrawal of my consent

letter-state-awaiting = Awaiting a reply
letter-state-overdue = Reply overdue
letter-state-replied = Replied

# $right: one of the right-* messages; $basis: the article (GDPR Art. 15).
letter-subject = { $right } ({ $basis }) - { $name }
letter-all-fields = everything you received from me
letter-all-purposes = every purpose
# One line of a correction: $field in words, $value the correct value.
letter-correction-line = {"  "}{ $field }: { $value }
# $fields: the fields in words joined with ", " (or letter-all-fields).
letter-body-access =
    Under Article 15 of the General Data Protection Regulation I ask you to confirm whether you process personal data about me and, if so, to give me a copy of it and tell me: the purposes; where it came from; to whom you disclosed it, or will; how long you keep it; and whether you use it for automated decisions or profiling.

    Data concerned: { $fields }
# $corrections: letter-correction-line lines, one per line.
letter-body-correction =
    Under Article 16 of the General Data Protection Regulation I ask you to correct, without undue delay, the personal data you hold about me. The correct values are:
    { $corrections }

    Please also tell any recipient to whom the data was disclosed (Article 19).
letter-body-erasure =
    Under Article 17 of the General Data Protection Regulation I ask you to erase, without undue delay, the personal data about me that you hold, and any data derived from it, and to confirm the erasure in writing.

    Data concerned: { $fields }

    Please also tell any recipient to whom the data was disclosed (Article 19).
# $purposes: the purposes' ids joined with ", " (or letter-all-purposes).
letter-body-objection =
    Under Article 21 of the General Data Protection Regulation I object to the processing of my personal data for direct marketing and for profiling, and ask you to stop it.

    Purposes concerned: { $purposes }
letter-body-withdrawal =
    Under Article 7(3) of the General Data Protection Regulation I withdraw my consent to the processing of my personal data for the purposes below. My consent for other purposes stands.

    Purposes concerned: { $purposes }
    Data concerned: { $fields }
# One grant the letter names: $at the day it was given, $id its id, $fields what it gave.
letter-received-line = {"  "}- on { $at }, grant { $id }: { $fields }
# $ask: one of the letter-body-* messages; $grants the letter-received-line lines, one per
# line; $reply_by a day (2027-01-31); $token the signed letter.
letter-body =
    Dear { $name } data protection team,

    { $ask }

    What my records show you received from me:
    { $grants }

    Please reply by { $reply_by }: one month from this letter (Article 12(3)).

    This letter is signed with the key of the grants I gave you: the signed copy below shows it comes from the person who gave them, with no need for a copy of an identity document. Any JOSE library verifies it (Tessera's letter format, tessera-letter+jwt).

    Kind regards

    -----BEGIN TESSERA LETTER-----
    { $token }
    -----END TESSERA LETTER-----

## A complaint to the data-protection authority (GDPR Art. 77). $name is the brand's name,
## $at, $due and $replied days (2027-01-31), $right a right in words, $basis its article.
complaint-subject = Complaint about { $name } (GDPR Art. 77)
# $id a grant's id; $fields the fields it gave, in words.
complaint-grant = {"  "}- On { $at } I gave { $name } a signed grant ({ $id }) for: { $fields }.
complaint-revoked = {"  "}- On { $at } I revoked it, asking for erasure (Art. 17).
complaint-letter-awaiting = {"  "}- On { $at } I sent a signed letter: { $right } ({ $basis }). A reply is due by { $due }.
complaint-letter-overdue = {"  "}- On { $at } I sent a signed letter: { $right } ({ $basis }). No reply came by { $due }, the date Article 12(3) sets.
complaint-letter-replied = {"  "}- On { $at } I sent a signed letter: { $right } ({ $basis }). It replied on { $replied }.
# $brand the brand's identifier; $facts the complaint-* lines, one per line.
complaint-body =
    To the data protection authority,

    Under Article 77 of the General Data Protection Regulation I lodge a complaint about { $name } ({ $brand }).

    What happened:
    { $facts }

    I attach the evidence: the brand's signed requests, my signed grants with its receipts, my revocations and letters, and the entries of my activity ledger about it. Each is a signed token any JOSE library verifies; the ledger entries verify against my signed ledger export, which I can provide.

    (Say here what went wrong, and what you ask the authority to do.)

    Kind regards
