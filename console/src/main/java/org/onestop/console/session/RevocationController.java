package org.onestop.console.session;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replica to replica: a sign-out announced, and the list of sign-outs in force for a replica that starts. Both bodies
 * are sealed under the session key ({@link SessionCodec.Purpose#REVOCATIONS}): only a replica can announce one, and a
 * reader without the key learns nothing but a length. Not CSRF-checked (no cookie is involved; SecurityConfiguration).
 */
@RestController
class RevocationController {

    private final Revocations revocations;

    RevocationController(Revocations revocations) {
        this.revocations = revocations;
    }

    @PostMapping(path = Revocations.PATH, consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<Void> announced(@RequestBody byte[] sealed) {
        return revocations.acceptSealed(sealed) ? ResponseEntity.noContent().build() : ResponseEntity.badRequest().build();
    }

    @GetMapping(path = Revocations.PATH, produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    byte[] inForce() {
        return revocations.sealedList();
    }
}
