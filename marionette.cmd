@echo off
rem Marionette launcher for Windows: finds a JDK >= 21, builds the app on first use (and when
rem the sources changed), then runs it with the given arguments. MARIONETTE_JAVA_OPTS adds JVM options.
setlocal EnableDelayedExpansion
set "ROOT=%~dp0"
set "ROOT=%ROOT:~0,-1%"
set "JAR=%ROOT%\app\target\marionette.jar"
set REQUIRED=21
set "JDK="

if defined JAVA_HOME call :check "%JAVA_HOME%"
if not defined JDK for /d %%D in ("%ProgramFiles%\Java\*" "%ProgramFiles%\Eclipse Adoptium\*" "%ProgramFiles%\Microsoft\jdk-*" "%ProgramFiles%\Zulu\*" "%ProgramFiles%\Amazon Corretto\*" "%USERPROFILE%\.jdks\*") do (
  if not defined JDK call :check "%%~D"
)
if not defined JDK (
  echo marionette: no JDK %REQUIRED% or newer found. 1>&2
  echo   Install one ^(e.g. Temurin 21 or 25^) and/or set JAVA_HOME to it. 1>&2
  exit /b 1
)
set "JAVA_HOME=%JDK%"

set BUILD=0
if not exist "%JAR%" set BUILD=1
if "%BUILD%"=="0" (
  rem Rebuild when any source, resource or POM is newer than the jar.
  for /f "delims=" %%F in ('powershell -NoProfile -Command "$j=(Get-Item '%JAR%').LastWriteTime; @(Get-ChildItem -Recurse -File '%ROOT%\*\src','%ROOT%\pom.xml','%ROOT%\*\pom.xml' -ErrorAction SilentlyContinue | Where-Object { $_.LastWriteTime -gt $j }).Count"') do if not "%%F"=="0" set BUILD=1
)
if "%BUILD%"=="1" (
  echo marionette: building ^(first run takes a few minutes: dependencies are downloaded once^)... 1>&2
  pushd "%ROOT%"
  call mvnw.cmd -q -B -DskipTests package -pl app -am 1>&2
  if errorlevel 1 ( popd & echo marionette: the build failed; see the messages above. 1>&2 & exit /b 1 )
  popd
)
"%JAVA_HOME%\bin\java" --enable-native-access=ALL-UNNAMED %MARIONETTE_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%

:check
if not exist "%~1\bin\javac.exe" goto :eof
set "V="
for /f "tokens=3" %%V in ('"%~1\bin\java" -XshowSettings:properties -version 2^>^&1 ^| findstr /c:"java.specification.version"') do set "V=%%V"
if not defined V goto :eof
for /f "delims=." %%M in ("!V!") do set "M=%%M"
if !M! GEQ %REQUIRED% set "JDK=%~1"
goto :eof
