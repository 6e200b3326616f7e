dependencies {
    implementation(libs.androidx.core)
    implementation("com.tencent.bugly:crashreport:4.1.9.3")
}
