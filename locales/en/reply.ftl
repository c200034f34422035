## Reply: sending a grant or its revocation back the way the brand asked, by email, on its page or as a QR code (ui/src/screens/ReplyButton.svelte).
# $item is what is sent: "grant" (the person's signed answer to a request) or "revocation" (the withdrawal of a grant).

# Button: opens a draft in the person's mail client; $to is the brand's address.
reply-email-button = Write the email to { $to }…
# Under the email button; reply-email-in-body or reply-email-too-long follows.
reply-email-asked =
    { $item ->
        [grant] { $brand } asked for the grant by email.
       *[revocation] { $brand } asked for the revocation by email.
    }
reply-email-in-body =
    { $item ->
        [grant] The draft holds the grant; Tessera sends nothing itself.
       *[revocation] The draft holds the revocation; Tessera sends nothing itself.
    }
reply-email-too-long = It is too long for an email's text: save it and attach the file to the draft.
# Button: opens the brand's page in the browser; $url is its address.
reply-page-button = Open { $url }…
# "#": the character in the page's address after which the token goes.
reply-page-hint =
    { $item ->
        [grant] { $brand } asked for the grant on its page. Your browser opens it with the grant after the address's #, which the browser never sends on its own.
       *[revocation] { $brand } asked for the revocation on its page. Your browser opens it with the revocation after the address's #, which the browser never sends on its own.
    }
# Notices after the button was used; $to is the brand's email address.
reply-email-said = Your mail client has a draft to { $to }: check it, then send it.
reply-page-said = Your browser has { $brand }'s page: confirm there.
# Button.
reply-qr-button = Show as a QR code
# The QR code image's text for screen readers (alt); $bytes is the token's length.
reply-qr-alt =
    { $item ->
        [grant] QR code of the grant ({ $bytes ->
            [one] { $bytes } byte
           *[other] { $bytes } bytes
        })
       *[revocation] QR code of the revocation ({ $bytes ->
            [one] { $bytes } byte
           *[other] { $bytes } bytes
        })
    }
# $reason comes from the app ("it is 3120 bytes, more than one QR code holds (2953): save it or send it instead").
reply-qr-too-long = No QR code: { $reason }.
