"""What is known about Android packages by name: app stores, installers, root tools, assistive apps.

Lists, not judgements: judge.py decides what they mean. Sources: MVT's android/utils.py
lists (installers, root packages, security and update packages), ISDi's installer allowlist
and root checks, and the Android permission names of the platform.
"""

from __future__ import annotations

# Installers that are app stores: apps from them went through the store's review.
STORES = {
    "com.android.vending": "Google Play Store",
    "com.google.android.feedback": "Google Play Store",
    "com.sec.android.app.samsungapps": "Samsung Galaxy Store",
    "com.amazon.venezia": "Amazon Appstore",
    "com.huawei.appmarket": "Huawei AppGallery",
    "com.xiaomi.market": "Xiaomi GetApps",
    "com.xiaomi.mipicks": "Xiaomi GetApps",
    "com.heytap.market": "OPPO App Market",
    "com.oppo.market": "OPPO App Market",
    "com.bbk.appstore": "vivo App Store",
    "com.oneplus.store": "OnePlus Store",
    "com.facebook.system": "Facebook app manager (pre-installed by the phone maker)",
    "com.dti.att": "AT&T app installer (pre-installed)",
    "com.google.android.apps.work.clouddpc": "Android work management (Android Device Policy)",
    "com.microsoft.windowsintune.companyportal": "Microsoft Intune Company Portal",
}
# Stores outside the big ones: reviewed by their maintainers, not by Google.
OTHER_STORES = {
    "org.fdroid.fdroid": "F-Droid",
    "com.aurora.store": "Aurora Store",
}
# Installing an app file (from a browser download, a message or a file manager) goes through these.
FILE_INSTALLERS = {
    "com.google.android.packageinstaller": "Android package installer (an app file)",
    "com.android.packageinstaller": "Android package installer (an app file)",
    "com.miui.packageinstaller": "Android package installer (an app file)",
    "com.samsung.android.packageinstaller": "Android package installer (an app file)",
}
ADB_INSTALLERS = {"com.android.shell": "a computer over USB (adb)", "adb": "a computer over USB (adb)"}

# Packages that root a phone or hide that it is rooted (MVT's list, with newer root tools).
ROOT_PACKAGES = frozenset({
    "com.noshufou.android.su", "com.noshufou.android.su.elite", "eu.chainfire.supersu",
    "eu.chainfire.supersu.pro", "com.koushikdutta.superuser", "com.thirdparty.superuser",
    "com.yellowes.su", "com.koushikdutta.rommanager", "com.koushikdutta.rommanager.license",
    "com.dimonvideo.luckypatcher", "com.chelpus.lackypatch", "com.ramdroid.appquarantine",
    "com.ramdroid.appquarantinepro", "com.devadvance.rootcloak", "com.devadvance.rootcloakplus",
    "de.robv.android.xposed.installer", "com.saurik.substrate", "com.zachspong.temprootremovejb",
    "com.amphoras.hidemyroot", "com.amphoras.hidemyrootadfree", "com.formyhm.hiderootpremium",
    "com.formyhm.hideroot", "me.phh.superuser", "com.kingouser.com", "com.topjohnwu.magisk",
    "io.github.huskydg.magisk", "io.github.vvb2060.magisk", "me.weishu.kernelsu", "me.bmax.apatch",
    "com.kingroot.kinguser", "com.kingo.root", "org.lsposed.manager",
})
ROOT_BINARIES = frozenset({
    "su", "busybox", "supersu", "superuser.apk", "kingouser.apk", "supersu.apk",
    "magisk", "magiskhide", "magiskinit", "magiskpolicy",
})
# Places root tools put their files (AndroidQF and ISDi look in the same ones).
ROOT_PATHS = (
    "/system/bin", "/system/xbin", "/sbin", "/su/bin", "/system/sd/xbin", "/system/bin/failsafe",
    "/data/local", "/data/local/bin", "/data/local/xbin", "/data/adb", "/data/adb/magisk",
    "/system/app", "/vendor/bin", "/cache",
)

# Phone makers' security agents and system-update services: switched off, the phone stops
# getting protection or updates (MVT's SECURITY_PACKAGES and SYSTEM_UPDATE_PACKAGES).
PROTECTION_PACKAGES = {
    "com.policydm": "security policy updates",
    "com.samsung.android.app.omcagent": "security agent",
    "com.samsung.android.securitylogagent": "security agent",
    "com.sec.android.soagent": "security agent",
    "com.android.updater": "system updates",
    "com.google.android.gms": "Google Play services (updates and Play Protect)",
    "com.huawei.android.hwouc": "system updates",
    "com.lge.lgdmsclient": "system updates",
    "com.motorola.ccc.ota": "system updates",
    "com.oneplus.opbackup": "system updates",
    "com.oppo.ota": "system updates",
    "com.transsion.systemupdate": "system updates",
    "com.wssyncmldm": "system updates",
}

# Accessibility services of well-known assistive apps and password managers.
ASSISTIVE = frozenset({
    "com.google.android.marvin.talkback", "com.android.talkback", "com.samsung.android.accessibility.talkback",
    "com.samsung.accessibility", "com.google.android.apps.accessibility.voiceaccess",
    "com.google.android.accessibility.switchaccess", "com.google.android.apps.accessibility.auditor",
    "com.google.audio.hearing.visualization.accessibility.scribe", "com.google.android.accessibility.soundamplifier",
    "com.x8bit.bitwarden", "com.agilebits.onepassword", "com.lastpass.lpandroid", "com.dashlane",
    "keepass2android.keepass2android", "com.callpod.android_apps.keeper", "com.azure.authenticator",
    "com.microsoft.seeingai", "com.bemyeyes.bemyeyes",
})
# Notification listeners of watches, fitness bands and cars: common, and paired with a device.
PAIRED_DEVICE_APPS = frozenset({
    "com.google.android.wearable.app", "com.google.android.apps.wear.companion",
    "com.samsung.android.app.watchmanager", "com.samsung.android.geargplugin",
    "com.samsung.android.waterplugin", "com.fitbit.fitbitmobile", "com.garmin.android.apps.connectmobile",
    "com.huawei.health", "com.xiaomi.wearable", "com.mi.health", "com.google.android.projection.gearhead",
})
# Work-management apps that are device administrators by design.
WORK_MANAGEMENT = frozenset({
    "com.google.android.apps.work.clouddpc", "com.microsoft.windowsintune.companyportal",
    "com.airwatch.androidagent", "com.mobileiron", "com.mobileiron.anyware.android",
})

# Permissions that let an app watch someone, with the words a person knows them by.
SENSITIVE = {
    "android.permission.ACCESS_FINE_LOCATION": "location",
    "android.permission.ACCESS_COARSE_LOCATION": "location",
    "android.permission.ACCESS_BACKGROUND_LOCATION": "location",
    "android.permission.READ_SMS": "text messages",
    "android.permission.RECEIVE_SMS": "text messages",
    "android.permission.SEND_SMS": "text messages",
    "android.permission.RECEIVE_MMS": "text messages",
    "android.permission.READ_CALL_LOG": "call history",
    "android.permission.PROCESS_OUTGOING_CALLS": "call history",
    "android.permission.RECORD_AUDIO": "microphone",
    "android.permission.CAMERA": "camera",
    "android.permission.READ_CONTACTS": "contacts",
    "android.permission.READ_EXTERNAL_STORAGE": "photos and files",
    "android.permission.READ_MEDIA_IMAGES": "photos and files",
    "android.permission.MANAGE_EXTERNAL_STORAGE": "photos and files",
    "android.permission.BIND_NOTIFICATION_LISTENER_SERVICE": "notifications",
    "android.permission.BIND_ACCESSIBILITY_SERVICE": "everything on the screen",
    "android.permission.BIND_DEVICE_ADMIN": "device administration",
}
