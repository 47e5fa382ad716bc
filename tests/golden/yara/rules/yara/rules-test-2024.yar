// iocc YARA rules for advisory rules-test-2024
// Test advisory on a mail server with "quotes" */ and \backslash
// TLP:CLEAR
// Generated from the reviewed corpus; edit the indicator sets, not this file.

import "hash"
import "math"

rule rules_test_2024_sha256_a615d0df38e2b76eba630700b0fb2cc129160f649038d52ebb450a2b044dc064
{
    meta:
        description = "Test file one; its \"content\" is known"
        advisory = "rules-test-2024"
        id = "c716bc74-966f-50a9-a997-f1e285449458"
        tlp = "TLP:CLEAR"
        source = "Test source; with \"quotes\""
        date = "2024-05-02"
        confidence = 80
    condition:
        hash.sha256(0, filesize) == "a615d0df38e2b76eba630700b0fb2cc129160f649038d52ebb450a2b044dc064"
}

rule rules_test_2024_sha1_4bde187b0aad9fea7ee72bcc7bff4c4dcb7eca03
{
    meta:
        description = "Files: hashes, names and paths"
        advisory = "rules-test-2024"
        id = "63dea9fa-3dbb-5628-9855-7bce3074f042"
        tlp = "TLP:CLEAR"
        source = "Test source; with \"quotes\""
        date = "2024-05-02"
        confidence = 80
    condition:
        hash.sha1(0, filesize) == "4bde187b0aad9fea7ee72bcc7bff4c4dcb7eca03"
}

rule rules_test_2024_md5_55fa4997295e71a8e5e878c2eddae16a
{
    meta:
        description = "Files: hashes, names and paths"
        advisory = "rules-test-2024"
        id = "428a7118-3ad2-5c33-b797-03b070f966d2"
        tlp = "TLP:CLEAR"
        source = "Test source; with \"quotes\""
        date = "2024-05-02"
        confidence = 80
    condition:
        hash.md5(0, filesize) == "55fa4997295e71a8e5e878c2eddae16a"
}

// authored rule authored/test-shell-marker (TLP:CLEAR)
rule Test_Shell_Marker
{
    meta:
        description = "Finds the \"marker\" of the test shell; see */ notes"
    strings:
        $marker = "<%@ Page Language=\"Jscript\"%>eval(" ascii wide nocase
    condition:
        $marker and math.entropy(0, filesize) >= 0
}

rule rules_test_2024_domain_1
{
    meta:
        description = "Domains of advisory rules-test-2024 (part 1 of 1)"
        advisory = "rules-test-2024"
        id = "f8c34bd5-83cf-584a-9fe8-5b564b83865d"
        tlp = "TLP:CLEAR"
        source = "Test source"
        date = "2024-05-02"
        confidence = 60
    strings:
        $v0 = "c2.rules-test.example" ascii wide
        $v1 = "xn--bcher-kva.example" ascii wide
    condition:
        any of them
}

rule rules_test_2024_url_1
{
    meta:
        description = "URLs of advisory rules-test-2024 (part 1 of 1)"
        advisory = "rules-test-2024"
        id = "7d9d942b-1ed1-520c-afed-1a5f21a00d64"
        tlp = "TLP:CLEAR"
        source = "Test source"
        date = "2024-05-02"
        confidence = 60
    strings:
        $v0 = "http://c2.rules-test.example:8080/p;a%22th/%5Cx*y?q=a*b&c='d'#frag" ascii wide
    condition:
        any of them
}

rule rules_test_2024_user_agent_1
{
    meta:
        description = "User agents of advisory rules-test-2024 (part 1 of 1)"
        advisory = "rules-test-2024"
        id = "92fa7190-32d3-5f56-bee8-041974bc2687"
        tlp = "TLP:CLEAR"
        source = "Test source"
        date = "2024-05-02"
        confidence = 60
    strings:
        $v0 = "-sep\xc2\xa0line\xe3\x80\x80nel" ascii
        $v0w = { 2d 00 73 00 65 00 70 00 a0 00 6c 00 69 00 6e 00 65 00 00 30 6e 00 65 00 6c 00 }
        $v1 = "@SUM(1+1)*cmd" ascii wide
        $v2 = "Mozilla/5.0 \"quoted\" \\back\\slash; semi;colon */ end|pipe" ascii wide
        $v2i = "Mozilla/5.0+\"quoted\"+\\back\\slash;+semi;colon+*/+end|pipe" ascii
        $v3 = "ua-\xc3\xbcn\xc3\xafc\xc3\xb6d\xc3\xa9-\xe4\xb8\xad\xe6\x96\x87-\xf0\x9f\x98\x80" ascii
        $v3w = { 75 00 61 00 2d 00 fc 00 6e 00 ef 00 63 00 f6 00 64 00 e9 00 2d 00 2d 4e 87 65 2d 00 3d d8 00 de }
    condition:
        any of them
}
